package com.t3chat.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerIT {

    @TempDir
    Path dir;

    @Test
    void aDurableServerCommitsToDiskAndAFastOneDoesNot() throws Exception {
        try (PostgresServer durable = PostgresServer.start(settings("durable", true))) {
            assertThat(durabilitySettings(durable)).containsExactly("on", "on", "on");
        }
        try (PostgresServer fast = PostgresServer.start(settings("fast", false))) {
            assertThat(durabilitySettings(fast)).containsExactly("off", "off", "off");
        }
    }

    @Test
    void aStoppedServerStartsAgainOnTheSamePortWithTheSameData() throws Exception {
        try (PostgresServer server = PostgresServer.start(settings("restart", false))) {
            int port = server.port();
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id int PRIMARY KEY)");
                statement.execute("INSERT INTO kept VALUES (7)");
            }

            server.stop();
            assertThat(server.running()).isFalse();
            assertThatThrownBy(() -> connect(server).close()).isInstanceOf(SQLException.class);

            server.startAgain();
            assertThat(server.port()).isEqualTo(port);
            try (Connection connection = connect(server); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
        assertThat(dir.resolve("restart")).doesNotExist();
    }

    private PostgresSettings settings(String name, boolean durable) {
        return new PostgresSettings(dir.resolve(name), 0, binaries(), dir.resolve("logs").resolve(name + ".log"),
                false, durable);
    }

    /** The binaries cache the test infrastructure uses, so that they are not unpacked again. */
    private static Path binaries() {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "t3chat-testinfra", "pg-bin");
        return Files.isDirectory(cache) ? cache : cache.resolveSibling("pg-bin-postgres-server-it");
    }

    private static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"), PostgresServer.SUPERUSER, "");
    }

    private static List<String> durabilitySettings(PostgresServer server) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
                    rows.next();
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
