package com.t3chat.auth.register;

import com.t3chat.auth.AuthServiceIT;
import java.time.Duration;
import java.util.UUID;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * auth-service reached directly, not through a trusted proxy (here loopback is not one): whatever
 * {@code X-Forwarded-For} the caller sends, its address is its connection's, so it cannot reset its sign-up limit.
 */
@TestPropertySource(properties = {"t3chat.security.trusted-proxies=10.0.0.0/8",
        // sign-ups get past the limit to Keycloak's admin API: nothing listens here, so nobody is created
        "t3chat.realm.server-url=http://127.0.0.1:1"})
class SignUpLimitIT extends AuthServiceIT {

    @Test
    void aSpoofedForwardedForDoesNotResetTheSignUpLimit() {
        for (int i = 1; i <= RegistrationRateLimit.MAX; i++) {
            signUp("203.0.113." + i).expectStatus().value(status -> assertThat(status).isNotEqualTo(429));
        }
        signUp("198.51.100.77")
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value))
                        .isBetween(1L, RegistrationRateLimit.WINDOW.toSeconds()))
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:rate-limited")
                .jsonPath("$.retryAt").isNotEmpty();
    }

    private WebTestClient.ResponseSpec signUp(String forwardedFor) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build() // a cold Keycloak client is slow to fail
                .post().uri("/api/auth/register")
                .header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.test\","
                        + "\"password\":\"long-enough-1\"}")
                .exchange();
    }
}
