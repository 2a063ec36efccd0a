package com.t3chat.devstack.stack;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.process.PortProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole local stack on a scratch data folder, started twice (state must survive). Opt-in, because it uses
 * the fixed local ports and takes a minute: {@code ./mvnw -pl devstack verify -Dt3chat.localstack.it=true}.
 * Services whose jar is not built are skipped.
 */
@EnabledIfSystemProperty(named = "t3chat.localstack.it", matches = "true")
class LocalStackIT {

    @Test
    void startsEverythingKeepsStateAndStopsCleanly() throws Exception {
        Path data = Files.createTempDirectory("t3chat-localstack-it");
        StackOptions options = StackOptions.defaults().withDataDir(data).withSkipMissingJars(true);

        try (LocalStack stack = LocalStack.start(options)) {
            JWTClaimsSet claims = SignedJWT.parse(stack.accessToken("alice")).getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo("http://localhost:8180/realms/t3chat");
            assertThat(claims.getAudience()).contains("t3chat-api");
            assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
            assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.com");
            assertThat(SignedJWT.parse(stack.accessToken("admin")).getJWTClaimsSet().toJSONObject().toString())
                    .contains("admin");
            try (Connection db = DriverManager.getConnection(stack.jdbcUrl("chat"), "chat", "chat");
                 Statement statement = db.createStatement()) {
                statement.execute("CREATE TABLE kept (id int PRIMARY KEY)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            assertThat(stack.status()).filteredOn(s -> s.part().equals("kafka")).first()
                    .satisfies(s -> assertThat(s.health()).isEqualTo(Health.UP));
            if (!stack.skippedServices().contains("config-server")) {
                stack.restart("config-server");
            }
        }
        assertThat(PortProbe.isListening(LocalPorts.POSTGRES)).isFalse();
        assertThat(PortProbe.isListening(LocalPorts.KEYCLOAK)).isFalse();
        assertThat(data.resolve("run")).isEmptyDirectory();

        try (LocalStack again = LocalStack.start(options)) {
            assertThat(again.accessToken("bob")).isNotBlank();
            try (Connection db = DriverManager.getConnection(again.jdbcUrl("chat"), "chat", "chat");
                 Statement statement = db.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        } finally {
            deleteTree(data);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
