package com.t3chat.devstack.keycloak;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Access tokens from Keycloak's token endpoint with the password grant (local users, public CLI client). */
public final class KeycloakTokens {

    public static final String CLI_CLIENT = "t3chat-cli";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private KeycloakTokens() {
    }

    public static String passwordGrant(String issuerUri, String clientId, String username, String password) {
        String form = "grant_type=password&client_id=" + encode(clientId) + "&username=" + encode(username)
                + "&password=" + encode(password) + "&scope=openid";
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUri + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + username + " (HTTP "
                        + response.statusCode() + "): " + response.body());
            }
            Map<String, Object> body = JSONObjectUtils.parse(response.body());
            Object token = body.get("access_token");
            if (token == null) {
                throw new IllegalStateException("no access_token in Keycloak's answer: " + response.body());
            }
            return token.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot reach Keycloak at " + issuerUri + " (is the stack up?)", e);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("Keycloak's answer is not JSON", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
