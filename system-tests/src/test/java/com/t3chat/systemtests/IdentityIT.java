package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.stack.LocalStack;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The realm as code against the real Keycloak: reconciled, idempotent, drift put back, brute force locked. */
class IdentityIT {

    private static LocalStack stack;
    private static String gateway;
    private static String keycloak;

    @BeforeAll
    static void startTheSystem() {
        stack = SystemStack.get();
        gateway = stack.gatewayUrl();
        keycloak = stack.keycloakUrl();
    }

    private static HttpResponse<String> reconcile(String token) {
        return Http.postJson(gateway + "/api/admin/realm/reconcile", token, "{}");
    }

    @Test
    void reconcilingTwiceChangesNothingAndARealmDriftedByHandIsPutBack() {
        String admin = stack.accessToken("admin");
        assertThat(reconcile(admin).statusCode()).isEqualTo(200);
        HttpResponse<String> again = reconcile(admin);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat((List<String>) JsonPath.read(again.body(), "$.changes")).isEmpty();

        String master = KeycloakAdmin.passwordGrant(keycloak, "master", "admin-cli", "admin", "admin");
        HttpResponse<String> drift = Http.putJson(keycloak + "/admin/realms/t3chat", master,
                "{\"accessTokenLifespan\":3600,\"bruteForceProtected\":false,\"registrationAllowed\":false}");
        assertThat(drift.statusCode()).isEqualTo(204);

        HttpResponse<String> repaired = reconcile(admin);
        assertThat((List<String>) JsonPath.read(repaired.body(), "$.changes"))
                .containsExactlyInAnyOrder("accessTokenLifespan", "bruteForceProtected", "registrationAllowed");
        String realm = Http.get(keycloak + "/admin/realms/t3chat", master).body();
        assertThat((Integer) JsonPath.read(realm, "$.accessTokenLifespan")).isEqualTo(300);
        assertThat((Boolean) JsonPath.read(realm, "$.bruteForceProtected")).isTrue();
        assertThat((List<String>) JsonPath.read(reconcile(admin).body(), "$.changes")).isEmpty();
    }

    @Test
    void onlyAdminsMayReconcileAndTheSeededModeratorHasItsRole() {
        assertThat(reconcile(stack.accessToken("bob")).statusCode()).isEqualTo(403);
        String moderator = stack.accessToken("mod");
        assertThat(reconcile(moderator).statusCode()).isEqualTo(403);
        assertThat((List<String>) JsonPath.read(Http.get(gateway + "/api/me", moderator).body(), "$.roles"))
                .contains("moderator", "user");
    }

    @Test
    void afterRepeatedWrongPasswordsTheAccountIsLockedEvenForTheRightPassword() {
        String master = KeycloakAdmin.passwordGrant(keycloak, "master", "admin-cli", "admin", "admin");
        String username = "lock-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "right-" + UUID.randomUUID();
        HttpResponse<String> created = Http.postJson(keycloak + "/admin/realms/t3chat/users", master, """
                {"username":"%s","enabled":true,"email":"%s@t3chat.test","emailVerified":true,"firstName":"Lock",
                 "lastName":"Test","credentials":[{"type":"password","value":"%s","temporary":false}]}"""
                .formatted(username, username, password));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(grant(username, password).statusCode()).isEqualTo(200);

        for (int i = 0; i < 5; i++) {
            assertThat(grant(username, "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = grant(username, password);
        assertThat(locked.statusCode()).isIn(400, 401);
        assertThat(locked.body()).contains("invalid_grant");
    }

    private static HttpResponse<String> grant(String username, String password) {
        return Http.postForm(keycloak + "/realms/t3chat/protocol/openid-connect/token", null, Map.of(
                "grant_type", "password", "client_id", "t3chat-cli", "username", username, "password", password));
    }
}
