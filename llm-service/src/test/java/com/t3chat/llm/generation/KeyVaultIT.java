package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users' own keys: checked with the provider before they are kept, sealed, listed masked, used for their owner's
 * replies only, and never seen again — not in a log, an event, an error body or a stream — on success or failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyVaultIT extends ReplyTopicIT {

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    JsonMapper json;

    private WebTestClient.ResponseSpec put(String token, String provider, Map<String, String> body) {
        return http.put().uri("/api/keys/" + provider).header("Authorization", "Bearer " + token)
                .bodyValue(body).exchange();
    }

    @Test
    void aCanaryKeyIsUsedForItsOwnerOnlyAndAppearsNowhere(CapturedOutput output) throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String aliceToken = jwt.token(alice, "user");
        String canary = "sk-canary-" + UUID.randomUUID();
        String rejectedCanary = "bad-canary-" + UUID.randomUUID();

        // a key the provider rejects: 400, nothing saved, the provider's echo of it goes nowhere
        String rejected = put(aliceToken, "anthropic", Map.of("apiKey", rejectedCanary))
                .expectStatus().isBadRequest()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(rejected).contains("urn:t3chat:problem:key-rejected").contains("Anthropic rejected this key")
                .doesNotContain(rejectedCanary);
        assertThat(provider.received()).anySatisfy(call -> assertThat(call.header("x-api-key"))
                .isEqualTo(rejectedCanary));

        // a good key: checked, then kept; the answer and the list show only its last four characters
        String saved = put(aliceToken, "anthropic", Map.of("apiKey", canary))
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String last4 = canary.substring(canary.length() - 4);
        assertThat(saved).contains("\"maskedKey\":\"…" + last4 + "\"").doesNotContain(canary);
        http.get().uri("/api/keys").header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].provider").isEqualTo("anthropic")
                .jsonPath("$.items[0].maskedKey").isEqualTo("…" + last4)
                .jsonPath("$.items[0].addedAt").isNotEmpty();
        http.get().uri("/api/keys").header("Authorization", "Bearer " + jwt.token(bob, "user")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        // stored sealed: the row holds no trace of the key but its last four characters
        byte[] sealed = db.sql("select ciphertext from provider_key where owner_id = :owner")
                .bind("owner", jwt.subject(alice))
                .map(row -> row.get(0, byte[].class)).one().block();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(canary);

        // the models menu: alice's Anthropic models answer with her key
        http.get().uri("/api/models").header("Authorization", "Bearer " + aliceToken).exchange()
                .expectBody()
                .jsonPath("$.items[?(@.id == 'anthropic/a-len20-rate500')].availability.keySource")
                .isEqualTo(List.of("own"));

        // alice's replies go out with her key, bob's with the system key; a failure leaks nothing either
        ReplyRequested alices = reply(jwt.subject(alice), "anthropic/a-len20-rate500");
        ReplyRequested alicesFailing = reply(jwt.subject(alice), "anthropic/a-fail3-rate500");
        ReplyRequested bobs = reply(jwt.subject(bob), "anthropic/a-len20-rate500");
        List<ReplyTopic.Received> events = new java.util.ArrayList<>();
        for (ReplyRequested request : List.of(alices, alicesFailing, bobs)) {
            events.addAll(topic.awaitEnd(request.replyId(), Duration.ZERO));
        }
        assertThat(events.getLast().event()).isInstanceOf(ReplyCompleted.class);
        assertThat(keysSentFor(alices)).containsOnly(canary);
        assertThat(keysSentFor(alicesFailing)).containsOnly(canary);
        assertThat(keysSentFor(bobs)).containsOnly("sim-key");
        assertThat(events).extracting(record -> json.writeValueAsString(record.event()))
                .noneMatch(event -> event.contains(canary) || event.contains(rejectedCanary));
        assertThat(events).extracting(ReplyTopic.Received::event).filteredOn(ReplyFailed.class::isInstance)
                .hasSize(1);
        http.get().uri("/api/keys").header("Authorization", "Bearer " + aliceToken).exchange()
                .expectBody().jsonPath("$.items[0].lastUsedAt").isNotEmpty();

        // removed: her replies fall back to the system key
        http.delete().uri("/api/keys/anthropic").header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isNoContent();
        http.delete().uri("/api/keys/anthropic").header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isNotFound();

        assertThat(output.getAll()).contains("Key check with anthropic answered HTTP 401") // the log is captured
                .doesNotContain(canary).doesNotContain(rejectedCanary);
    }

    @Test
    void sealingTheSameKeyTwiceGivesDifferentCiphertexts() {
        String carol = "carol-" + UUID.randomUUID();
        String token = jwt.token(carol, "user");
        List<byte[]> ciphertexts = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            put(token, "gemini", Map.of("apiKey", "gm-same-key-123456")).expectStatus().isOk();
            ciphertexts.add(db.sql("select ciphertext from provider_key where owner_id = :owner")
                    .bind("owner", jwt.subject(carol)).map(row -> row.get(0, byte[].class)).one().block());
        }
        assertThat(ciphertexts.get(0)).isNotEqualTo(ciphertexts.get(1));
    }

    @Test
    void badKeyRequestsAreClearProblems() {
        String token = jwt.token("erin", "user");
        put(token, "acme", Map.of("apiKey", "k")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("provider");
        put(token, "openai", Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("apiKey");
        put(token, "openai-compatible", Map.of("apiKey", "k")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("baseUrl");
        put(token, "openai", Map.of("apiKey", "x".repeat(513))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation");
        http.put().uri("/api/keys/openai").bodyValue(Map.of("apiKey", "k")).exchange().expectStatus().isUnauthorized();
    }

    private static ReplyRequested reply(String owner, String model) throws Exception {
        ReplyRequested request = ReplyTopic.request(owner, model, "Hello " + UUID.randomUUID());
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        return request;
    }

    private static List<String> keysSentFor(ReplyRequested request) {
        String question = ReplyTopic.question(request);
        return provider.received().stream().filter(call -> call.body().contains(question))
                .map(call -> call.header("x-api-key")).toList();
    }

}
