package com.t3chat.devstack.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Creates databases (and their owning roles) if they are absent; safe to repeat. */
public final class DatabaseProvisioner {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final DataSource admin;

    public DatabaseProvisioner(DataSource admin) {
        this.admin = admin;
    }

    /** A role {@code name} (password {@code name}) and a database {@code name} owned by it. */
    public synchronized void ensureOwnedDatabase(String name) {
        checkName(name);
        try (Connection connection = admin.getConnection()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + name + "'");
                }
            }
            createDatabase(connection, name, name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /** A database owned by the superuser. */
    public synchronized void ensureDatabase(String name) {
        checkName(name);
        try (Connection connection = admin.getConnection()) {
            createDatabase(connection, name, PostgresServer.SUPERUSER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    private static void createDatabase(Connection connection, String name, String owner) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name + " OWNER " + owner);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
    }
}
