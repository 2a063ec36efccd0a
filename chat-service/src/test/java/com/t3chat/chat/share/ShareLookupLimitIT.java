package com.t3chat.chat.share;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.devstack.test.TestInfra;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Guessing share tokens: one client address (as the gateway, a trusted proxy on loopback, reports it) gets
 * {@code t3chat.shares.lookups-per-minute} lookups, then 429 with {@code Retry-After}; other clients are not affected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient
class ShareLookupLimitIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ShareProperties properties;

    @Test
    void guessingTokensFromOneAddressIsLimited() {
        String guesser = "203.0.113." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < properties.lookupsPerMinute(); i++) {
            lookup(guesser).expectStatus().isNotFound();
        }
        lookup(guesser)
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 60L))
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:rate-limited")
                .jsonPath("$.retryAt").isNotEmpty();

        lookup("2001:db8::" + Integer.toHexString(1 + (int) (Math.random() * 0xfff0))).expectStatus().isNotFound();
    }

    private WebTestClient.ResponseSpec lookup(String clientAddress) {
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/api/shares/{t}", "guess-" + UUID.randomUUID())
                .header("X-Forwarded-For", clientAddress)
                .exchange();
    }
}
