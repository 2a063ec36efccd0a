package com.t3chat.devstack.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;

/**
 * The realm file Keycloak imports at its first local start holds only what bootstrapping needs: the realm and its
 * front-end URL (so tokens carry the issuer every service expects). Clients, roles, policies and local users are
 * auth-service's realm as code (RealmReconciler), the same in every environment.
 */
class RealmFileTest {

    @Test
    void theRealmFileOnlyBootstraps() throws Exception {
        Map<String, Object> realm;
        try (InputStream in = RealmFileTest.class.getResourceAsStream("/keycloak/t3chat-realm.json")) {
            realm = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(realm.get("realm")).isEqualTo("t3chat");
        assertThat(realm.get("enabled")).isEqualTo(true);
        assertThat((Map<String, Object>) realm.get("attributes")).containsEntry("frontendUrl", "http://localhost:8180");
        assertThat(realm).doesNotContainKeys("clients", "users", "roles");
    }
}
