package com.t3chat.chat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * PostgreSQL going away and coming back: while it is down every request that needs it answers a 503 problem
 * with Retry-After (quickly, without hanging), liveness stays UP, and the first requests after it is back
 * succeed (no 500 from a dead pooled connection).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient
class DatabaseOutageIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    /** An answer during the outage must come within this (the pool's acquire time is a few seconds). */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(15);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    @AfterEach
    void databaseBack() {
        infra.startPostgres();
    }

    @Test
    void whileTheDatabaseIsDownRequestsAnswerA503ProblemAndLivenessStaysUp() {
        String token = jwt.token("outage-" + UUID.randomUUID(), "user");
        create(token).expectStatus().isCreated();
        list(token).expectStatus().isOk();

        infra.stopPostgres();

        for (int i = 0; i < 3; i++) { // the pooled connections are dead first, then no new one can be opened
            expectDatabaseUnavailable(list(token));
            expectDatabaseUnavailable(create(token));
        }
        // an outage of the shared database is no reason to restart the service (liveness) or to take this replica
        // out of rotation (readiness: every replica has the same database; each answers a quick 503 itself)
        client().get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        // the full health says the truth for operators
        client().get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.status").isEqualTo("DOWN");

        infra.startPostgres();

        create(token).expectStatus().isCreated();
        list(token).expectStatus().isOk();
    }

    @Test
    void theFirstRequestsAfterARestartSucceed() {
        String token = jwt.token("restart-" + UUID.randomUUID(), "user");
        for (int i = 0; i < 4; i++) { // several pooled connections
            create(token).expectStatus().isCreated();
            list(token).expectStatus().isOk();
        }

        infra.stopPostgres();
        infra.startPostgres();

        list(token).expectStatus().isOk();
        create(token).expectStatus().isCreated();
        list(token).expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(5);
    }

    private static void expectDatabaseUnavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Integer.parseInt(value)).isPositive())
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:database-unavailable")
                .jsonPath("$.status").isEqualTo(503);
    }

    private WebTestClient.ResponseSpec create(String token) {
        return client().post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "during an outage"))
                .exchange();
    }

    private WebTestClient.ResponseSpec list(String token) {
        return client().get().uri("/api/chats").header("Authorization", "Bearer " + token).exchange();
    }

    private WebTestClient client() {
        return http.mutate().responseTimeout(ANSWERED_WITHIN).build();
    }
}
