package com.t3chat.llm.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.UserDisabled;
import com.t3chat.contracts.auth.UserEnabled;
import com.t3chat.devstack.test.TestEvents;
import com.t3chat.llm.LlmServiceIT;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** A user an admin disabled cannot change their provider keys, even with an access token still valid. */
class DisabledUserIT extends LlmServiceIT {

    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(10);

    @Autowired
    WebTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void aDisabledUserCannotChangeTheirKeysUntilEnabledAgain() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String aliceToken = jwt.token(alice, "user");
        String bobToken = jwt.token(bob, "user");
        put(aliceToken, "sk-first-" + UUID.randomUUID() + "-1111").expectStatus().isOk();

        var disabled = new UserDisabled(UUID.randomUUID(), Instant.now(), jwt.subject(alice));
        publish(UserDisabled.TYPE, disabled);
        publish(UserDisabled.TYPE, disabled); // delivered twice: harmless
        awaitDeleteOfNoKey(bobToken, 404);
        awaitDeleteOfNoKey(aliceToken, 403);

        put(aliceToken, "sk-second-" + UUID.randomUUID() + "-2222").expectStatus().isForbidden()
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled")
                .jsonPath("$.detail").isEqualTo("Your account is disabled.");
        http.delete().uri("/api/keys/openai").header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled");
        // nothing changed: her first key is still there
        maskedKey(aliceToken).isEqualTo("…1111");
        // another user is not affected
        put(bobToken, "sk-bob-" + UUID.randomUUID() + "-3333").expectStatus().isOk();

        publish(UserEnabled.TYPE, new UserEnabled(UUID.randomUUID(), Instant.now(), jwt.subject(alice)));
        awaitDeleteOfNoKey(aliceToken, 404);
        // the old UserDisabled, replayed after she was enabled, changes nothing
        publish(UserDisabled.TYPE, disabled);
        await().during(Duration.ofMillis(1500)).atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(deleteOfNoKey(aliceToken)).isEqualTo(404));
        put(aliceToken, "sk-third-" + UUID.randomUUID() + "-4444").expectStatus().isOk();
        maskedKey(aliceToken).isEqualTo("…4444");
    }

    private WebTestClient.ResponseSpec put(String token, String apiKey) {
        return http.put().uri("/api/keys/openai").header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("apiKey", apiKey)).exchange();
    }

    private org.springframework.test.web.reactive.server.JsonPathAssertions maskedKey(String token) {
        return http.get().uri("/api/keys").header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items[0].maskedKey");
    }

    /** Waits until removing a key the user does not have (anthropic) answers {@code status}: a call that changes nothing. */
    private void awaitDeleteOfNoKey(String token, int status) {
        await().atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(deleteOfNoKey(token)).isEqualTo(status));
    }

    private int deleteOfNoKey(String token) {
        return http.delete().uri("/api/keys/anthropic").header("Authorization", "Bearer " + token).exchange()
                .returnResult(Void.class).getStatus().value();
    }

    /** Publishes to auth.users.v1 as auth-service's outbox does: keyed by the user, the type in a header. */
    private void publish(String type, IntegrationEvent event) throws Exception {
        String userId = event instanceof UserDisabled d ? d.userId() : ((UserEnabled) event).userId();
        TestEvents.publish(infra.kafkaBootstrapServers(), Topics.AUTH_USERS, userId, type, event.eventId(),
                json.writeValueAsString(event));
    }
}
