package com.t3chat.chat.stream;

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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A reply whose request cannot be sent (here: the producer takes records of at most 4 KB, so a 5,000-character
 * question is too large) fails at once with a reason the user can act on, and the requests behind it still go out.
 * Its own database, so that no other test context's relay (with the normal limit) shares this outbox. Legacy chats
 * (their requests carry the branch); a chat whose conversation travels as events sends small requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        "spring.kafka.producer.properties.max.request.size=4096",
        "t3chat.outbox.poll-interval=200ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class ParkedRequestIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    // llm-service is down in these tests (nothing listens there): its model and admission checks must not block
    private static final int LLM_SERVICE_DOWN = PortProbe.freePort();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat_parked_requests");
        registry.add("t3chat.services.llm", () -> "http://127.0.0.1:" + LLM_SERVICE_DOWN);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void aReplyWhoseRequestCannotBeSentFailsAtOnceWithAReadableReasonAndOthersGoOn() {
        String alice = jwt.token("alice", "user");
        String chatId = legacyChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, "x".repeat(5_000)), "$.assistantMessage.id");
        String otherReply = JsonPath.read(post(alice, legacyChat(alice), "Short question"),
                "$.assistantMessage.id");

        // live or from the database, whichever comes first: the stream ends with the reason
        List<ServerSentEvent<String>> events = http.get()
                .uri("/api/chats/{c}/messages/{m}/stream", chatId, replyId)
                .header("Authorization", "Bearer " + alice).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody()
                .filter(e -> e.event() != null)
                .takeUntil(e -> "done".equals(e.event()) || "error".equals(e.event()))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("error");
        assertThat((String) JsonPath.read(events.getFirst().data(), "$.reason"))
                .isEqualTo(ParkedRequestListener.TOO_LONG);

        String reply = "$.messages[?(@.id == '" + replyId + "')]";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
            assertThat((List<String>) JsonPath.read(tree, reply + ".status")).containsExactly("failed");
            assertThat((List<String>) JsonPath.read(tree, reply + ".error"))
                    .containsExactly(ParkedRequestListener.TOO_LONG);
        });
        assertThat((List<String>) JsonPath.read(awaitRequest(otherReply), "$.history[*].content"))
                .containsExactly("Short question");
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

    private String get(String token, String path) {
        return http.get().uri(path).header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private static String awaitRequest(String replyId) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "parked-request-it-" + UUID.randomUUID());
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
