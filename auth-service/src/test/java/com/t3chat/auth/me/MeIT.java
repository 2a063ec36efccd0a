package com.t3chat.auth.me;

import com.t3chat.auth.AuthServiceIT;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class MeIT extends AuthServiceIT {

    @Test
    void meIsTheIdentityTheTokenStates() {
        http.get().uri("/api/me").header("Authorization", "Bearer " + jwt.token("alice", "user", "moderator"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.subject").isEqualTo(jwt.subject("alice"))
                .jsonPath("$.username").isEqualTo("alice")
                .jsonPath("$.email").isEqualTo("alice@example.test")
                .jsonPath("$.roles.length()").isEqualTo(2)
                .jsonPath("$.roles[0]").isEqualTo("moderator")
                .jsonPath("$.roles[1]").isEqualTo("user");
    }

    @Test
    void identityHeadersFromTheClientAreIgnored() {
        http.get().uri("/api/me")
                .header("Authorization", "Bearer " + jwt.token("bob", "user"))
                .header("X-User-Id", jwt.subject("alice"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.username").isEqualTo("bob");
    }

    @Test
    void everyKindOfBadTokenIsA401Problem() {
        String[] bad = {
                "",
                "not-a-jwt",
                jwt.builder("alice").roles("user").audience("account").build(),
                jwt.builder("alice").roles("user").issuer("http://127.0.0.1:9/realms/t3chat").build(),
                jwt.builder("alice").roles("user").expiresIn(Duration.ofSeconds(-120)).build(),
                TestJwtIssuer.tamper(jwt.token("alice", "user"))};
        for (String token : bad) {
            http.get().uri("/api/me").header("Authorization", "Bearer " + token)
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("urn:t3chat:problem:unauthorized")
                    .jsonPath("$.status").isEqualTo(401);
        }
    }

    @Test
    void publicConfigNeedsNoLoginAndComesFromConfigRepo() {
        http.get().uri("/api/public/config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.productName").isEqualTo("T3 Chat")
                .jsonPath("$.signIn.clientId").isEqualTo("t3chat-web")
                .jsonPath("$.signIn.issuer").isNotEmpty()
                .jsonPath("$.attachments.maxFileSizeBytes").isEqualTo(25 * 1024 * 1024);
    }

    @Test
    void anUnknownPathIsA404Problem() {
        http.get().uri("/api/me/nothing-here").header("Authorization", "Bearer " + jwt.token("alice", "user"))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:not-found");
    }

    @Test
    void healthIsPublic() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }
}
