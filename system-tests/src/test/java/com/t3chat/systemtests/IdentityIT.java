package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.stack.LocalStack;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
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

        // social sign-in appears when its client id and secret are in the environment (GitHub here, not Google)
        String providers = Http.get(keycloak + "/admin/realms/t3chat/identity-provider/instances", master).body();
        assertThat((List<String>) JsonPath.read(providers, "$[*].alias")).containsExactly("github");
        assertThat((String) JsonPath.read(providers, "$[0].config.clientId")).isEqualTo("system-test-github-client");
    }

    @Test
    void onlyAdminsMayReconcileAndTheSeededModeratorHasItsRole() {
        assertThat(reconcile(stack.accessToken("admin")).statusCode()).isEqualTo(200); // the start's run is done
        assertThat(reconcile(stack.accessToken("bob")).statusCode()).isEqualTo(403);
        String moderator = stack.accessToken("mod");
        assertThat(reconcile(moderator).statusCode()).isEqualTo(403);
        assertThat((List<String>) JsonPath.read(Http.get(gateway + "/api/me", moderator).body(), "$.roles"))
                .contains("moderator", "user");
    }

    @Test
    void afterRepeatedWrongPasswordsTheAccountIsLockedEvenForTheRightPasswordUntilTheLockExpires()
            throws InterruptedException {
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
            assertThat(grant(username, "wrong-" + i).statusCode()).isIn(400, 401);
        }
        HttpResponse<String> locked = grant(username, password);
        assertThat(locked.statusCode()).isIn(400, 401);
        assertThat(locked.body()).contains("invalid_grant");

        Thread.sleep(6_000); // the system stack locks for 5 s (T3CHAT_LOCKOUT_WAIT; 1 minute by default)
        assertThat(grant(username, password).statusCode()).isEqualTo(200);
    }

    @Test
    void registerSignInAndSeeYourselfThenTheAdminsToolsWithTheirAuditTrail() {
        String username = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"username\":\"%s\",\"email\":\"%s@t3chat.test\",\"password\":\"a-good-password\"}"
                .formatted(username, username);
        HttpResponse<String> registered = Http.postJson(gateway + "/api/auth/register", null, body);
        assertThat(registered.statusCode()).isEqualTo(201);
        String userId = JsonPath.read(registered.body(), "$.id");
        assertThat(Http.postJson(gateway + "/api/auth/register", null, body).statusCode()).isEqualTo(409);
        HttpResponse<String> sameEmail = Http.postJson(gateway + "/api/auth/register", null,
                body.replace("\"username\":\"" + username, "\"username\":\"other-" + username));
        assertThat(sameEmail.statusCode()).isEqualTo(409);
        assertThat(sameEmail.body()).contains("urn:t3chat:problem:email-taken");

        HttpResponse<String> signedIn = grant(username, "a-good-password");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String token = JsonPath.read(signedIn.body(), "$.access_token");
        String refresh = JsonPath.read(signedIn.body(), "$.refresh_token");
        String me = Http.get(gateway + "/api/me", token).body();
        assertThat((String) JsonPath.read(me, "$.username")).isEqualTo(username);
        assertThat((List<String>) JsonPath.read(me, "$.roles")).contains("user");
        assertThat((Integer) JsonPath.read(Http.get(gateway + "/api/public/stats", null).body(), "$.users"))
                .isGreaterThanOrEqualTo(4);

        // a user reaches no admin tool; a moderator may search but not change anyone
        assertThat(Http.get(gateway + "/api/admin/users", token).statusCode()).isEqualTo(403);
        assertThat(Http.get(gateway + "/api/admin/audit", token).statusCode()).isEqualTo(403);
        String moderator = stack.accessToken("mod");
        HttpResponse<String> found = Http.get(gateway + "/api/admin/users?search=" + username, moderator);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat((List<String>) JsonPath.read(found.body(), "$.items[*].id")).containsExactly(userId);
        assertThat(Http.postJson(gateway + "/api/admin/users/" + userId + "/disable", moderator, "{}").statusCode())
                .isEqualTo(403);
        assertThat(Http.putJson(gateway + "/api/admin/users/" + userId + "/roles", moderator,
                "{\"roles\":[\"user\",\"admin\"]}").statusCode()).isEqualTo(403);
        assertThat(Http.get(gateway + "/api/admin/audit", moderator).statusCode()).isEqualTo(403);

        String chatId = JsonPath.read(Http.postJson(gateway + "/api/chats", token, "{}").body(), "$.id");

        // the admin makes them a moderator, then disables them: their refresh token stops working at once
        String admin = stack.accessToken("admin");
        HttpResponse<String> promoted = Http.putJson(gateway + "/api/admin/users/" + userId + "/roles", admin,
                "{\"roles\":[\"user\",\"moderator\"]}");
        assertThat((List<String>) JsonPath.read(promoted.body(), "$.roles")).containsExactly("moderator", "user");
        assertThat(Http.postJson(gateway + "/api/admin/users/" + UUID.randomUUID() + "/disable", admin, "{}")
                .statusCode()).isEqualTo(404);
        HttpResponse<String> disabled = Http.postJson(gateway + "/api/admin/users/" + userId + "/disable", admin, "{}");
        assertThat((Boolean) JsonPath.read(disabled.body(), "$.enabled")).isFalse();
        HttpResponse<String> refreshed = Http.postForm(keycloak + "/realms/t3chat/protocol/openid-connect/token",
                null, Map.of("grant_type", "refresh_token", "client_id", "t3chat-cli", "refresh_token", refresh));
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(grant(username, "a-good-password").statusCode()).isIn(400, 401);

        // their access token is still valid for minutes, but sensitive calls are refused as soon as services hear of it
        HttpResponse<String> keyChange = awaitStatus(403, () -> Http.putJson(gateway + "/api/keys/openai", token,
                "{\"apiKey\":\"sk-from-a-disabled-user\"}"));
        assertThat(keyChange.body()).contains("urn:t3chat:problem:account-disabled");
        assertThat(awaitStatus(403, () -> Http.postJson(gateway + "/api/chats/" + chatId + "/shares", token, "{}"))
                .body()).contains("account-disabled");
        assertThat(awaitStatus(403, () -> Http.delete(gateway + "/api/chats/" + chatId, token)).body())
                .contains("account-disabled");
        assertThat(Http.get(gateway + "/api/chats/" + chatId, token).statusCode()).isEqualTo(200); // nothing deleted

        String audit = Http.get(gateway + "/api/admin/audit", admin).body();
        assertThat((List<String>) JsonPath.read(audit, "$.items[?(@.targetId == '" + userId + "')].action"))
                .containsExactly("user.disable", "roles.set");
        assertThat((List<String>) JsonPath.read(audit, "$.items[?(@.targetId == '" + userId + "')].actorUsername"))
                .containsOnly("admin");
    }

    @Test
    void aPasswordResetMailArrivesInTheSinkAndItsLinkSetsANewPassword() {
        String username = "forgot-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@t3chat.test";
        assertThat(Http.postJson(gateway + "/api/auth/register", null,
                "{\"username\":\"%s\",\"email\":\"%s\",\"password\":\"first-password\"}"
                        .formatted(username, email)).statusCode()).isEqualTo(201);

        assertThat(Http.postJson(gateway + "/api/auth/password-reset", null, "{\"email\":\"" + email + "\"}")
                .statusCode()).isEqualTo(202);
        // an unknown address gets the same answer and no mail
        assertThat(Http.postJson(gateway + "/api/auth/password-reset", null,
                "{\"email\":\"nobody-" + username + "@t3chat.test\"}").statusCode()).isEqualTo(202);

        var mail = stack.mail().awaitMail(m -> m.to().contains(email), java.time.Duration.ofSeconds(30));
        String link = mail.links().stream().filter(url -> url.contains("action-token")).findFirst().orElseThrow();
        assertThat(stack.mail().mails()).noneMatch(m -> m.to().contains("nobody-" + username + "@t3chat.test"));

        // follow the link as a browser would: proceed, fill in the new password, then sign in with it
        var browser = java.net.http.HttpClient.newBuilder().cookieHandler(new PlainCookies())
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        String proceedPage = browse(browser, java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build());
        String proceed = attribute(proceedPage, "href=\"([^\"]*action-token[^\"]*)\"");
        String formPage = browse(browser, java.net.http.HttpRequest.newBuilder(java.net.URI.create(proceed)).build());
        String action = attribute(formPage, "id=\"kc-passwd-update-form\"[^>]*action=\"([^\"]*)\"");
        browse(browser, java.net.http.HttpRequest.newBuilder(java.net.URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "password-new=second-password&password-confirm=second-password")).build());
        assertThat(grant(username, "second-password").statusCode()).isEqualTo(200);
        assertThat(grant(username, "first-password").statusCode()).isIn(400, 401);
    }

    private static String browse(java.net.http.HttpClient browser, java.net.http.HttpRequest request) {
        try {
            HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.uri().toString()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keeps every cookie a server sets and sends them all back: Keycloak marks its cookies Secure even on
     * http://localhost, which the JDK's CookieManager would then never send.
     */
    private static final class PlainCookies extends java.net.CookieHandler {

        private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(java.net.URI uri, Map<String, List<String>> headers) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            return Map.of("Cookie", List.of(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining("; "))));
        }

        @Override
        public void put(java.net.URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    for (String value : values) {
                        String pair = value.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        if (eq > 0) {
                            cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                        }
                    }
                }
            });
        }
    }

    /** The first group of {@code regex} in an HTML page, with {@code &amp;} decoded. */
    private static String attribute(String html, String regex) {
        var matcher = java.util.regex.Pattern.compile(regex).matcher(html);
        assertThat(matcher.find()).as("page has " + regex).isTrue();
        return matcher.group(1).replace("&amp;", "&");
    }

    /** Repeats the call until it answers {@code status} (services hear of an account change within seconds). */
    private static HttpResponse<String> awaitStatus(int status, java.util.function.Supplier<HttpResponse<String>> call) {
        var last = new java.util.concurrent.atomic.AtomicReference<HttpResponse<String>>();
        Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(200))
                .untilAsserted(() -> {
                    last.set(call.get());
                    assertThat(last.get().statusCode()).as(last.get().body()).isEqualTo(status);
                });
        return last.get();
    }

    private static HttpResponse<String> grant(String username, String password) {
        return Http.postForm(keycloak + "/realms/t3chat/protocol/openid-connect/token", null, Map.of(
                "grant_type", "password", "client_id", "t3chat-cli", "username", username, "password", password));
    }
}
