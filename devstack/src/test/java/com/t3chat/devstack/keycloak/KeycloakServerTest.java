package com.t3chat.devstack.keycloak;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeycloakServerTest {

    private final KeycloakServer server = new KeycloakServer(new KeycloakSettings(Path.of("/repo/.data/dist"),
            Path.of("/repo/.data/keycloak"), 8180, 9180, "jdbc:postgresql://localhost:15432/keycloak", "keycloak",
            "keycloak", Path.of("/repo/.data/logs/keycloak.log"), Path.of("/repo/.data/run/keycloak.pid")));

    @Test
    void managementPortOnLoopbackPublicPortOnEveryInterface() {
        List<String> command = server.command(Path.of("/kc/bin/kc.sh"));

        assertThat(command).contains("--http-host=0.0.0.0", "--http-port=8180", "--http-management-port=9180",
                "--http-management-host=127.0.0.1");
    }

    @Test
    void itsJavaCarriesTheMarkerOfTheDataFolder() {
        assertThat(server.environment(Path.of("/repo/.data/keycloak/tmp")).get("JAVA_OPTS_APPEND"))
                .contains("-Djava.io.tmpdir=/repo/.data/keycloak/tmp")
                .contains("-Dt3chat.stack=/repo/.data");
    }
}
