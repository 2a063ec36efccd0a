package com.t3chat.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import com.t3chat.platform.PlatformTestApplication;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service started while the identity provider is down (its JWK set URI refuses connections): with nothing stored
 * it refuses every token, as before; with the last good key set in its database (from an earlier run, or another
 * replica) it accepts valid tokens and still refuses bad ones.
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class JwkSetOutageIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();
    /** Nothing listens on port 1; unique per run, so that stored rows of other runs do not count. */
    private static final String DOWN_JWK_SET_URI =
            "http://127.0.0.1:1/realms/t3chat-" + UUID.randomUUID() + "/protocol/openid-connect/certs";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "platform");
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> DOWN_JWK_SET_URI);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void withTheLastGoodKeySetStoredTokensAreCheckedDuringAnOutage() {
        String valid = jwt.token("alice", "user");

        // nothing stored: no key to check a signature with, so the token is refused (503: the identity provider is
        // unreachable, which is what the service cannot do without)
        call(valid).expectStatus().isEqualTo(503);

        db.sql("insert into platform_jwk_set (jwk_set_uri, jwk_set, saved_at) values (:uri, :set, now())")
                .bind("uri", DOWN_JWK_SET_URI)
                .bind("set", new JWKSet(jwt.publicKey()).toString(true))
                .then().block();

        // accepted (there is nothing at this path, hence 404 and not 401)
        call(valid).expectStatus().isNotFound();
        call(TestJwtIssuer.tamper(valid)).expectStatus().isUnauthorized();
        call(jwt.builder("alice").roles("user").audience("account").build()).expectStatus().isUnauthorized();
        call(jwt.builder("alice").roles("user").issuer("http://127.0.0.1:9/realms/t3chat").build())
                .expectStatus().isUnauthorized();
    }

    private WebTestClient.ResponseSpec call(String token) {
        return http.get().uri("/api/nothing-here").header("Authorization", "Bearer " + token).exchange();
    }
}
