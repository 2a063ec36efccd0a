package com.t3chat.devstack.test;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class SharedPostgresIT {

    @Test
    void databaseIsCreatedOnDemandAndAnswersQueries() throws Exception {
        TestInfra infra = TestInfra.shared();
        String url = infra.jdbcUrl("devstack_it");

        assertThat(url).startsWith("jdbc:postgresql://localhost:").endsWith("/devstack_it");
        assertThat(infra.r2dbcUrl("devstack_it")).isEqualTo(url.replace("jdbc:", "r2dbc:"));
        try (Connection connection = DriverManager.getConnection(url, infra.databaseUser(), infra.databasePassword());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE greeting (id int PRIMARY KEY, text varchar(20))");
            statement.execute("INSERT INTO greeting VALUES (1, 'hello')");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT text, current_database(), split_part(version(), ' ', 2) FROM greeting")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("hello");
                assertThat(rows.getString(2)).isEqualTo("devstack_it");
                assertThat(rows.getString(3)).startsWith("18.");
            }
        }
    }
}
