package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A send repeated with the same {@code Idempotency-Key} (a double submit, a retry after a lost answer) makes one
 * user message, one reply and one ReplyRequested, also when both copies arrive at once; the same key for another
 * request is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient(timeout = "20s")
class IdempotencyIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void aRepeatAnswersTheSameMessagesAndStoresNothingNew() {
        String token = jwt.token("ida-" + UUID.randomUUID(), "user");
        String chatId = createChat(token);
        String key = UUID.randomUUID().toString();

        String first = post(token, chatId, key, Map.of("content", "Plan a picnic")).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        String again = post(token, chatId, key, Map.of("content", "Plan a picnic")).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat((String) JsonPath.read(again, "$.userMessage.id"))
                .isEqualTo(JsonPath.read(first, "$.userMessage.id"));
        assertThat((String) JsonPath.read(again, "$.assistantMessage.id"))
                .isEqualTo(JsonPath.read(first, "$.assistantMessage.id"));
        assertThat((String) JsonPath.read(again, "$.userMessage.content")).isEqualTo("Plan a picnic");
        assertThat(messageCount(token, chatId)).isEqualTo(2);
        assertThat(replyRequests(chatId)).isEqualTo(1);

        // a new key is a new message
        post(token, chatId, UUID.randomUUID().toString(), Map.of("content", "Plan a picnic")).expectStatus()
                .isAccepted();
        assertThat(messageCount(token, chatId)).isEqualTo(4);
        assertThat(replyRequests(chatId)).isEqualTo(2);
    }

    @Test
    void twoCopiesArrivingAtOnceMakeOneMessage() throws Exception {
        for (int round = 0; round < 5; round++) {
            String token = jwt.token("ivo-" + UUID.randomUUID(), "user");
            String chatId = createChat(token);
            String key = "send-" + UUID.randomUUID();
            var start = new CountDownLatch(1);
            List<CompletableFuture<String>> copies = List.of(1, 2).stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return post(token, chatId, key, Map.of("content", "Same time")).expectStatus().isAccepted()
                                .expectBody(String.class).returnResult().getResponseBody();
                    }))
                    .toList();
            start.countDown();
            String a = copies.get(0).get();
            String b = copies.get(1).get();

            assertThat((String) JsonPath.read(a, "$.userMessage.id")).isEqualTo(JsonPath.read(b, "$.userMessage.id"));
            assertThat((String) JsonPath.read(a, "$.assistantMessage.id"))
                    .isEqualTo(JsonPath.read(b, "$.assistantMessage.id"));
            assertThat(messageCount(token, chatId)).isEqualTo(2);
            assertThat(replyRequests(chatId)).isEqualTo(1);
        }
    }

    @Test
    void theSameKeyForAnotherRequestIsRefusedAndABadKeyIsInvalid() {
        String token = jwt.token("ines-" + UUID.randomUUID(), "user");
        String chatId = createChat(token);
        String key = UUID.randomUUID().toString();
        String posted = post(token, chatId, key, Map.of("content", "One")).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        post(token, chatId, key, Map.of("content", "Two")).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:idempotency-key-reused");
        assertThat(messageCount(token, chatId)).isEqualTo(2);

        for (String bad : List.of("has space", "x".repeat(101))) {
            post(token, chatId, bad, Map.of("content", "Three")).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        }
        assertThat(messageCount(token, chatId)).isEqualTo(2);

        // the key belongs to this chat: another chat may use it for its own message
        String other = createChat(token);
        post(token, other, key, Map.of("content", "Two")).expectStatus().isAccepted();

        // regenerate: a repeat answers the same new reply
        String reply = JsonPath.read(posted, "$.assistantMessage.id");
        String regenerateKey = UUID.randomUUID().toString();
        String first = regenerate(token, chatId, reply, regenerateKey);
        String again = regenerate(token, chatId, reply, regenerateKey);
        assertThat((String) JsonPath.read(again, "$.id")).isEqualTo(JsonPath.read(first, "$.id"));
        assertThat(messageCount(token, chatId)).isEqualTo(3);
        assertThat(replyRequests(chatId)).isEqualTo(2);
    }

    private WebTestClient.ResponseSpec post(String token, String chatId, String key, Map<String, ?> body) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String regenerate(String token, String chatId, String messageId, String key) {
        return http.post().uri("/api/chats/{c}/messages/{m}/regenerate", chatId, messageId)
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                .expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
    }

    private String createChat(String token) {
        return JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody(),
                "$.id");
    }

    private int messageCount(String token, String chatId) {
        String tree = http.get().uri("/api/chats/{c}/messages?view=tree", chatId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return ((List<?>) JsonPath.read(tree, "$.messages")).size();
    }

    /** ReplyRequested events for the chat in the outbox (sent or not). */
    private long replyRequests(String chatId) {
        return db.sql("select count(*) from outbox where event_key = :chat and event_type = 'ReplyRequested'")
                .bind("chat", chatId).map(row -> row.get(0, Long.class)).one().block();
    }
}
