package com.t3chat.devstack.keycloak;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class RealmFileTest {

    private static Map<String, Object> realm;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = RealmFileTest.class.getClassLoader().getResourceAsStream(KeycloakServer.REALM_RESOURCE)) {
            realm = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void realmWithRolesDefaultRoleAndShortLivedTokens() {
        assertThat(realm.get("realm")).isEqualTo("t3chat");
        assertThat(((Number) realm.get("accessTokenLifespan")).intValue()).isEqualTo(300);
        List<Map<String, Object>> roles = (List<Map<String, Object>>) ((Map<String, Object>) realm.get("roles")).get("realm");
        assertThat(roles).extracting(r -> r.get("name")).contains("user", "moderator", "admin");
        Map<String, Object> defaultRoles = roles.stream().filter(r -> r.get("name").equals("default-roles-t3chat"))
                .findFirst().orElseThrow();
        assertThat((List<String>) ((Map<String, Object>) defaultRoles.get("composites")).get("realm")).contains("user");
    }

    @Test
    void webClientUsesPkceAndCliClientThePasswordGrantBothWithTheApiAudience() {
        Map<String, Object> web = client("t3chat-web");
        assertThat(web.get("publicClient")).isEqualTo(true);
        assertThat(web.get("standardFlowEnabled")).isEqualTo(true);
        assertThat(web.get("directAccessGrantsEnabled")).isEqualTo(false);
        assertThat(((Map<String, Object>) web.get("attributes")).get("pkce.code.challenge.method")).isEqualTo("S256");
        assertThat((List<String>) web.get("redirectUris"))
                .containsExactlyInAnyOrder("http://localhost:8080/*", "http://localhost:5173/*");
        assertThat((List<String>) web.get("webOrigins")).containsExactly("+");

        Map<String, Object> cli = client("t3chat-cli");
        assertThat(cli.get("publicClient")).isEqualTo(true);
        assertThat(cli.get("standardFlowEnabled")).isEqualTo(false);
        assertThat(cli.get("directAccessGrantsEnabled")).isEqualTo(true);

        for (Map<String, Object> client : List.of(web, cli)) {
            Map<String, Object> mapper = ((List<Map<String, Object>>) client.get("protocolMappers")).getFirst();
            assertThat(mapper.get("protocolMapper")).isEqualTo("oidc-audience-mapper");
            Map<String, Object> config = (Map<String, Object>) mapper.get("config");
            assertThat(config).containsEntry("included.custom.audience", "t3chat-api")
                    .containsEntry("access.token.claim", "true");
        }
    }

    @Test
    void localUsersAreFullySetUp() {
        List<Map<String, Object>> users = (List<Map<String, Object>>) realm.get("users");
        assertThat(users).extracting(u -> u.get("username")).containsExactly("alice", "bob", "admin");
        for (Map<String, Object> user : users) {
            assertThat(user.get("enabled")).isEqualTo(true);
            assertThat(user.get("emailVerified")).isEqualTo(true);
            assertThat(user.get("email").toString()).isEqualTo(user.get("username") + "@example.com");
            assertThat(user.get("firstName")).isNotNull();
            assertThat(user.get("lastName")).isNotNull();
            Map<String, Object> credential = ((List<Map<String, Object>>) user.get("credentials")).getFirst();
            assertThat(credential).containsEntry("value", user.get("username")).containsEntry("temporary", false);
            assertThat((List<String>) user.get("realmRoles")).contains("user");
        }
        assertThat((List<String>) users.get(2).get("realmRoles")).contains("admin");
    }

    private static Map<String, Object> client(String clientId) {
        return ((List<Map<String, Object>>) realm.get("clients")).stream()
                .filter(c -> c.get("clientId").equals(clientId)).findFirst().orElseThrow();
    }
}
