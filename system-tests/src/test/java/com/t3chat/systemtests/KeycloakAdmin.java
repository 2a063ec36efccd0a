package com.t3chat.systemtests;

import com.jayway.jsonpath.JsonPath;
import java.net.http.HttpResponse;
import java.util.Map;

/** Token requests and admin calls against the real Keycloak the stack runs. */
final class KeycloakAdmin {

    private KeycloakAdmin() {
    }

    static String passwordGrant(String keycloakUrl, String realm, String clientId, String username, String password) {
        HttpResponse<String> response = Http.postForm(
                keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token", null,
                Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
        if (response.statusCode() != 200) {
            throw new AssertionError("password grant for " + username + " via " + clientId + " in " + realm
                    + " failed: " + response.statusCode() + " " + response.body());
        }
        return JsonPath.read(response.body(), "$.access_token");
    }

    /** Creates a client in the t3chat realm unless it exists (answers whether it was created). */
    static boolean createClient(String keycloakUrl, String clientJson) {
        String adminToken = passwordGrant(keycloakUrl, "master", "admin-cli", "admin", "admin");
        HttpResponse<String> response = Http.postJson(keycloakUrl + "/admin/realms/t3chat/clients", adminToken,
                clientJson);
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new AssertionError("creating a client failed: " + response.statusCode() + " " + response.body());
        }
        return response.statusCode() == 201;
    }
}
