package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * A chat whose history is under 400,000 characters but over Kafka's 1 MiB in bytes (Chinese: 3 bytes a character)
 * once made its request too large to send, and the outbox relay retried that row forever: every later request of
 * every user waited behind it. Its own database, so that no other test context's relay shares this outbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        "t3chat.outbox.poll-interval=200ms",
        // alice posts five messages whose replies never end here: not a test of the per-user limits (PostingLimitsIT)
        "t3chat.posting-limits.concurrent-replies=0", "t3chat.posting-limits.messages-per-minute=0"})
@AutoConfigureWebTestClient(timeout = "30s")
class LongHistoryIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final int MAX_REQUEST_SIZE = 1_048_576;
    // llm-service is down in these tests (nothing listens there): its model and admission checks must not block
    private static final int LLM_SERVICE_DOWN = PortProbe.freePort();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat_long_history");
        registry.add("t3chat.services.llm", () -> "http://127.0.0.1:" + LLM_SERVICE_DOWN);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void aChineseChatOverAMebibyteIsRequestedTrimmedByBytesAndOtherUsersRequestsStillGoOut() {
        String alice = jwt.token("alice", "user");
        String chatId = legacyChat(alice);
        // four messages of 85,000 characters (255 KB each) and one of 50,000: 390,000 characters, 1.17 MB
        List<String> contents = List.of(chinese(85_000, 'A'), chinese(85_000, 'B'), chinese(85_000, 'C'),
                chinese(85_000, 'D'), chinese(50_000, 'E'));
        String lastReply = null;
        for (String content : contents) {
            lastReply = JsonPath.read(post(alice, chatId, content), "$.assistantMessage.id");
        }

        String request = awaitRequest(lastReply);
        assertThat(request.getBytes(StandardCharsets.UTF_8).length).isLessThan(MAX_REQUEST_SIZE);
        List<String> history = JsonPath.read(request, "$.history[*].content");
        // the newest turns within 512 KiB: the last two (405 KB); a third would make 660 KB
        assertThat(history).containsExactly(contents.get(3), contents.get(4));

        // the relay goes on: another user's request, posted after it, is delivered
        String bob = jwt.token("bob", "user");
        String bobsReply = JsonPath.read(post(bob, legacyChat(bob), "Hello?"), "$.assistantMessage.id");
        assertThat((List<String>) JsonPath.read(awaitRequest(bobsReply), "$.history[*].content"))
                .containsExactly("Hello?");
    }

    @Test
    void aNewChatSendsEachMessageOnceAndRequestsWithoutHistoryWhateverItsLength() {
        String carol = jwt.token("carol", "user");
        String chatId = createChat(carol);
        List<String> contents = List.of(chinese(85_000, 'A'), chinese(85_000, 'B'), chinese(85_000, 'C'));
        List<String> messageIds = new java.util.ArrayList<>();
        List<String> replyIds = new java.util.ArrayList<>();
        for (String content : contents) {
            String posted = post(carol, chatId, content);
            messageIds.add(JsonPath.read(posted, "$.userMessage.id"));
            replyIds.add(JsonPath.read(posted, "$.assistantMessage.id"));
        }

        List<ConsumerRecord<String, String>> records = awaitChatRecords(chatId, 6);
        assertThat(records).extracting(LongHistoryIT::type).containsExactly("MessagePosted", "ReplyRequested",
                "MessagePosted", "ReplyRequested", "MessagePosted", "ReplyRequested");
        for (int i = 0; i < contents.size(); i++) {
            String posted = records.get(2 * i).value();
            assertThat((String) JsonPath.read(posted, "$.messageId")).isEqualTo(messageIds.get(i));
            assertThat((String) JsonPath.read(posted, "$.content")).isEqualTo(contents.get(i));
            assertThat((Object) JsonPath.read(posted, "$.parentId"))
                    .isEqualTo(i == 0 ? null : replyIds.get(i - 1));
            String request = records.get(2 * i + 1).value();
            assertThat((String) JsonPath.read(request, "$.replyId")).isEqualTo(replyIds.get(i));
            assertThat((String) JsonPath.read(request, "$.parentId")).isEqualTo(messageIds.get(i));
            assertThat((Object) JsonPath.read(request, "$.history")).isNull();
            // the request's size does not grow with the chat
            assertThat(request.getBytes(StandardCharsets.UTF_8).length).isLessThan(1_000);
        }
    }

    @Test
    void aMessageOverTheByteLimitIsRefusedNamingTheLimit() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        // 90,000 characters: under the 100,000-character limit, but 270 KB (over 256 KiB) in UTF-8
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "中".repeat(90_000)))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("content")
                .jsonPath("$.errors[0].message").isEqualTo("must be at most 262144 bytes in UTF-8");
    }

    /** {@code chars} Chinese characters, starting with a marker so that messages differ. */
    private static String chinese(int chars, char marker) {
        return marker + "长对话的内容测试".repeat(chars / 8 + 1).substring(0, chars - 1);
    }

    /**
     * A chat as they were before conversations travelled as events (migration V10): its requests carry the branch.
     */
    private String legacyChat(String token) {
        String chatId = createChat(token);
        db.sql("update chat set conversation_events = false where id = :id").bind("id", UUID.fromString(chatId))
                .then().block(Duration.ofSeconds(10));
        return chatId;
    }

    private String createChat(String token) {
        String body = http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        return JsonPath.read(body, "$.id");
    }

    private String post(String token, String chatId, String content) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", content))
                .exchange().expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static String type(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The first {@code count} records keyed by the chat on its topic, in their order. */
    private static List<ConsumerRecord<String, String>> awaitChatRecords(String chatId, int count) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "long-history-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * MAX_REQUEST_SIZE);
        List<ConsumerRecord<String, String>> found = new java.util.ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CHAT_MESSAGES));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && found.size() < count) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    if (chatId.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        assertThat(found).as("records of chat " + chatId).hasSizeGreaterThanOrEqualTo(count);
        return found.subList(0, count);
    }

    private static String awaitRequest(String replyId) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "long-history-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CHAT_MESSAGES));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    var header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
                    if (header != null && "ReplyRequested".equals(new String(header.value(), StandardCharsets.UTF_8))
                            && record.value().contains(replyId)) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no ReplyRequested for " + replyId + " on " + Topics.CHAT_MESSAGES);
    }
}
