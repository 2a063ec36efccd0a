package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.contracts.Topics;
import com.t3chat.devstack.test.TestEvents;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * The per-user reply limits as shipped (config-repo, no overrides): 3 replies at once and 20 messages a minute,
 * whatever the key. Over one: 429 limit-exceeded with Retry-After, nothing stored; another user is not affected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient(timeout = "20s")
class PostingLimitsIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    @Test
    void aFourthReplyAtOnceIsRefusedUntilOneEnds() throws Exception {
        String token = jwt.token("paula-" + UUID.randomUUID(), "user");
        String chatId = createChat(token);
        List<String> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(JsonPath.read(post(token, chatId, "Question " + i).expectStatus().isAccepted()
                    .expectBody(String.class).returnResult().getResponseBody(), "$.assistantMessage.id"));
        }

        post(token, chatId, "One too many").expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:limit-exceeded")
                .jsonPath("$.limit").isEqualTo("concurrent-replies")
                .jsonPath("$.resetsAt").doesNotExist();
        http.post().uri("/api/chats/{c}/messages/{m}/regenerate", chatId, replies.getFirst())
                .header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.limit").isEqualTo("concurrent-replies");
        assertThat(messageCount(token, chatId)).isEqualTo(6);

        // someone else is not limited by her replies
        String other = jwt.token("quinn-" + UUID.randomUUID(), "user");
        post(other, createChat(other), "Hi").expectStatus().isAccepted();

        complete(chatId, replies.getFirst());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                post(token, chatId, "Now there is room").expectStatus().isAccepted());
    }

    @Test
    void theTwentyFirstMessageInAMinuteIsRefusedWithWhenToComeBack() throws Exception {
        String token = jwt.token("rosa-" + UUID.randomUUID(), "user");
        String chatId = createChat(token);
        Instant start = Instant.now();
        for (int i = 0; i < 20; i++) {
            String reply = JsonPath.read(post(token, chatId, "Question " + i).expectStatus().isAccepted()
                    .expectBody(String.class).returnResult().getResponseBody(), "$.assistantMessage.id");
            complete(chatId, reply); // each reply ends, so only the per-minute limit can refuse
            await().atMost(Duration.ofSeconds(15)).until(() -> status(token, chatId, reply).equals("complete"));
        }

        String refusal = post(token, chatId, "Twenty-one").expectStatus().isEqualTo(429)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 60L))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat((String) JsonPath.read(refusal, "$.limit")).isEqualTo("messages-per-minute");
        Instant resetsAt = Instant.parse(JsonPath.read(refusal, "$.resetsAt"));
        assertThat(resetsAt).isAfter(start.plusSeconds(59)).isBefore(Instant.now().plusSeconds(61));
        assertThat(messageCount(token, chatId)).isEqualTo(40);
    }

    /** What llm-service publishes when a reply ends. */
    private static void complete(String chatId, String replyId) throws Exception {
        UUID eventId = UUID.randomUUID();
        TestEvents.publish(infra.kafkaBootstrapServers(), Topics.LLM_REPLIES, replyId, "ReplyCompleted", eventId, """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","model":"offline/demo",
                 "finishReason":"stop","usage":{"inputTokens":5,"outputTokens":4},"text":"Done.","lastSeq":0}"""
                .formatted(eventId, Instant.now(), chatId, replyId));
    }

    private WebTestClient.ResponseSpec post(String token, String chatId, String content) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", content)).exchange();
    }

    private String createChat(String token) {
        return JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody(),
                "$.id");
    }

    private String tree(String token, String chatId) {
        return http.get().uri("/api/chats/{c}/messages?view=tree", chatId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private int messageCount(String token, String chatId) {
        return ((List<?>) JsonPath.read(tree(token, chatId), "$.messages")).size();
    }

    private String status(String token, String chatId, String messageId) {
        List<String> statuses = JsonPath.read(tree(token, chatId), "$.messages[?(@.id == '" + messageId + "')].status");
        return statuses.getFirst();
    }
}
