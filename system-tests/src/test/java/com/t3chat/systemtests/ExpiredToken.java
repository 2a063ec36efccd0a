package com.t3chat.systemtests;

import com.t3chat.devstack.stack.LocalStack;
import java.time.Duration;

/**
 * A real Keycloak access token that has expired: issued by a test-only client whose tokens live one second,
 * then waited on past the validators' clock skew (60 s). It is requested as early as possible so that the wait
 * overlaps with other tests.
 */
final class ExpiredToken {

    private static final String CLIENT_ID = "t3chat-systemtest-shortlived";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static String token;
    private static long usableAfterNanos;

    private ExpiredToken() {
    }

    static synchronized void request(LocalStack stack) {
        if (token != null) {
            return;
        }
        KeycloakAdmin.createClient(stack.keycloakUrl(), """
                {"clientId": "%s", "publicClient": true, "directAccessGrantsEnabled": true,
                 "standardFlowEnabled": false, "attributes": {"access.token.lifespan": "1"},
                 "protocolMappers": [{"name": "t3chat-api audience", "protocol": "openid-connect",
                   "protocolMapper": "oidc-audience-mapper",
                   "config": {"included.custom.audience": "t3chat-api", "access.token.claim": "true",
                              "id.token.claim": "false"}}]}""".formatted(CLIENT_ID));
        token = KeycloakAdmin.passwordGrant(stack.keycloakUrl(), "t3chat", CLIENT_ID, "alice", "alice");
        usableAfterNanos = System.nanoTime() + CLOCK_SKEW.plusSeconds(3).toNanos();
    }

    static synchronized String await(LocalStack stack) {
        request(stack);
        long wait = usableAfterNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return token;
    }
}
