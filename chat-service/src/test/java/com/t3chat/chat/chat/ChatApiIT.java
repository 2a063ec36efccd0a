package com.t3chat.chat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        // its users post many messages whose replies never end here: not a test of the per-user limits (PostingLimitsIT)
        "t3chat.posting-limits.concurrent-replies=0", "t3chat.posting-limits.messages-per-minute=0"})
@AutoConfigureWebTestClient(timeout = "30s")
class ChatApiIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    @Test
    void aCreatedChatIsListedForItsOwnerAndHiddenFromEveryoneElse() {
        var alice = jwt.token("alice", "user");
        var chat = http.post().uri("/api/chats").header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Trip to Lisbon"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(ChatResponse.class).returnResult().getResponseBody();
        assertThat(chat.title()).isEqualTo("Trip to Lisbon");

        http.get().uri("/api/chats").header("Authorization", "Bearer " + alice).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.id == '" + chat.id() + "')].title").isEqualTo("Trip to Lisbon");

        var bob = jwt.token("bob", "user");
        http.get().uri("/api/chats/{id}", chat.id()).header("Authorization", "Bearer " + bob).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:not-found");
        http.get().uri("/api/chats").header("Authorization", "Bearer " + bob).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.id == '" + chat.id() + "')]").doesNotExist();
    }

    @Test
    void chatsArePagedNewestFirstWithAnOpaqueCursor() {
        var carol = jwt.token("carol-" + UUID.randomUUID(), "user");
        for (int i = 1; i <= 3; i++) {
            http.post().uri("/api/chats").header("Authorization", "Bearer " + carol)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "chat " + i))
                    .exchange().expectStatus().isCreated();
        }
        var first = http.get().uri("/api/chats?limit=2").header("Authorization", "Bearer " + carol).exchange()
                .expectStatus().isOk().expectBody(ChatPage.class).returnResult().getResponseBody();
        assertThat(first.items()).extracting(ChatResponse::title).containsExactly("chat 3", "chat 2");
        assertThat(first.nextCursor()).isNotBlank();

        var second = http.get().uri("/api/chats?limit=2&cursor={c}", first.nextCursor())
                .header("Authorization", "Bearer " + carol).exchange()
                .expectStatus().isOk().expectBody(ChatPage.class).returnResult().getResponseBody();
        assertThat(second.items()).extracting(ChatResponse::title).containsExactly("chat 1");
        assertThat(second.nextCursor()).isNull();

        http.get().uri("/api/chats?cursor=not-a-cursor").header("Authorization", "Bearer " + carol).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:invalid-cursor");
    }

    @Test
    void badInputIsAProblemWithFieldErrors() {
        var alice = jwt.token("alice", "user");
        http.post().uri("/api/chats").header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "x".repeat(201)))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo("title");
        http.get().uri("/api/chats?limit=0").header("Authorization", "Bearer " + alice).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        http.post().uri("/api/chats").header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/chats/not-a-uuid").header("Authorization", "Bearer " + alice).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void badTokensAreRefusedWithProblems() {
        http.get().uri("/api/chats").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:unauthorized");
        for (String bad : List.of(
                jwt.builder("alice").roles("user").audience("some-other-api").build(),
                jwt.builder("alice").roles("user").issuer("http://127.0.0.1:1/realms/evil").build(),
                jwt.builder("alice").roles("user").expiresIn(Duration.ofMinutes(-5)).build(),
                TestJwtIssuer.tamper(jwt.token("alice", "user")))) {
            http.get().uri("/api/chats").header("Authorization", "Bearer " + bad).exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:unauthorized");
        }
    }

    @Test
    void creatingAChatPublishesChatCreatedThroughTheOutbox() {
        var dave = "dave-" + UUID.randomUUID();
        var chat = http.post().uri("/api/chats").header("Authorization", "Bearer " + jwt.token(dave, "user"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(ChatResponse.class).returnResult().getResponseBody();
        assertThat(chat.title()).isEqualTo(ChatService.DEFAULT_TITLE);

        ConsumerRecord<String, String> record = awaitRecord(Topics.CHAT_CHATS, chat.id().toString());
        assertThat(new String(record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("ChatCreated");
        assertThat(record.value()).contains("\"chatId\":\"" + chat.id() + "\"")
                .contains("\"ownerId\":\"" + jwt.subject(dave) + "\"");
    }

    @Test
    void theApiIsDescribedByOpenApiWithoutLogin() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/chats'].post").exists()
                .jsonPath("$.paths['/api/chats/{id}'].get").exists()
                .jsonPath("$.paths['/api/chats/{chatId}/messages'].post.parameters[?(@.name == 'Idempotency-Key')].in")
                .isEqualTo(List.of("header"))
                .jsonPath("$.paths['/api/chats/{chatId}/messages/{messageId}/regenerate'].post"
                        + ".parameters[?(@.name == 'Idempotency-Key')].required").isEqualTo(List.of(false));
    }

    private static ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "chat-api-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                    seen.add(record.key());
                }
            }
            throw new AssertionError("no record with key " + key + " on " + topic + "; saw " + seen);
        }
    }
}
