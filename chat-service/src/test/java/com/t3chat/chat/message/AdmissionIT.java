package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.AdmissionChanged;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's limits on system-key replies at posting, without asking llm-service: llm-service's
 * {@code AdmissionChanged} events (published here on {@code llm.usage.v1}, as its outbox relay does) are kept per
 * user, and a post is refused with the same 429 problem while the newest one refuses — not past its reset, for a
 * provider the user has no own key for, not the offline model. No event means admitted; an older event never
 * overwrites a newer one. llm-service itself is unreachable here: posting does not need it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        // its users post many messages whose replies never end here: not a test of the per-user limits (PostingLimitsIT)
        "t3chat.posting-limits.concurrent-replies=0", "t3chat.posting-limits.messages-per-minute=0",
        // nothing listens there: the model check answers "unknown" (admitted) at once, and admission asks nobody
        "t3chat.services.llm=http://127.0.0.1:9"})
@AutoConfigureWebTestClient(timeout = "10s")
class AdmissionIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final String OPENAI = "openai/gpt-4o-mini";
    private static final String ANTHROPIC = "anthropic/claude-haiku-4-5";
    private static final String DETAIL = "You reached the limit of 20 replies per 1h with the system keys. It resets "
            + "at %s. Your own API key is not limited.";
    private static KafkaProducer<String, String> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    JsonMapper json;

    @Test
    void aRefusedUserIsRefusedWithLlmServicesProblemAndNothingIsStored() {
        String name = "alice-" + UUID.randomUUID();
        String alice = jwt.token(name, "user");
        String chatId = createChat(alice, null);
        Instant resetsAt = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        publishAndAwait(refused(jwt.subject(name), "requests", resetsAt, List.of(), Instant.now()));

        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Hi", "model", OPENAI))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value))
                        .isBetween(1700L, 1800L))
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:limit-exceeded")
                .jsonPath("$.title").isEqualTo("Too Many Requests")
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.detail").isEqualTo(DETAIL.formatted(resetsAt))
                .jsonPath("$.limit").isEqualTo("requests")
                .jsonPath("$.resetsAt").isEqualTo(resetsAt.toString());
        String tree = messages(alice, chatId);
        assertThat((List<?>) JsonPath.read(tree, "$.messages")).isEmpty();
        assertThat((Object) JsonPath.read(tree, "$.currentLeafId")).isNull();

        // the offline model uses no key: not limited
        post(alice, chatId, Map.of("content", "Hi", "model", "offline/demo"));
    }

    @Test
    void editsRegeneratesAndTheChatsOwnModelAreCheckedToo() {
        String name = "bob-" + UUID.randomUUID();
        String bob = jwt.token(name, "user");
        String chatId = createChat(bob, null);
        String posted = post(bob, chatId, Map.of("content", "Name a colour"));
        String question = JsonPath.read(posted, "$.userMessage.id");
        String reply = JsonPath.read(posted, "$.assistantMessage.id");
        publishAndAwait(refused(jwt.subject(name), "tokens-per-day", Instant.now().plus(Duration.ofHours(3)), List.of(),
                Instant.now()));

        // an edit of the question with a system-key model
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + bob)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", "Name a fruit", "root", true, "model", OPENAI))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.limit").isEqualTo("tokens-per-day");
        // a regenerate with it
        http.post().uri("/api/chats/{c}/messages/{m}/regenerate", chatId, reply)
                .header("Authorization", "Bearer " + bob).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("model", OPENAI))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:limit-exceeded");
        String tree = messages(bob, chatId);
        assertThat((List<String>) JsonPath.read(tree, "$.messages[*].id")).containsExactly(question, reply);

        // a chat whose own model is a system-key one: a message naming no model is checked against the chat's
        String limitedChat = createChat(bob, OPENAI);
        http.post().uri("/api/chats/{c}/messages", limitedChat).header("Authorization", "Bearer " + bob)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Hi"))
                .exchange()
                .expectStatus().isEqualTo(429);
        assertThat((List<?>) JsonPath.read(messages(bob, limitedChat), "$.messages")).isEmpty();
    }

    @Test
    void aProviderTheUserHasAnOwnKeyForIsAdmitted() {
        String name = "carol-" + UUID.randomUUID();
        String carol = jwt.token(name, "user");
        String chatId = createChat(carol, null);
        publishAndAwait(refused(jwt.subject(name), "cost-per-month", Instant.now().plus(Duration.ofDays(3)),
                List.of("anthropic"), Instant.now()));

        String own = post(carol, chatId, Map.of("content", "Hi", "model", ANTHROPIC));
        assertThat((String) JsonPath.read(own, "$.assistantMessage.model")).isEqualTo(ANTHROPIC);
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + carol)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Hi", "model", OPENAI))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.limit").isEqualTo("cost-per-month");
    }

    @Test
    void aRefusalPastItsResetAdmitsAndOneForRepliesAtOnceSaysWhenToRetry() {
        String name = "dave-" + UUID.randomUUID();
        String dave = jwt.token(name, "user");
        String chatId = createChat(dave, null);
        publishAndAwait(refused(jwt.subject(name), "requests", Instant.now().minus(Duration.ofMinutes(1)), List.of(),
                Instant.now()));
        post(dave, chatId, Map.of("content", "Hi", "model", OPENAI));

        // a refusal with no reset (it frees when a reply ends): llm-service's concurrent retry, 5 s
        var concurrent = new AdmissionChanged(UUID.randomUUID(), Instant.now(), jwt.subject(name), true, "concurrent",
                null, "You already have 1 replies being written with the system keys, the most allowed at once.",
                List.of());
        publishAndAwait(concurrent);
        // dave's admission was just read: a replica that did not consume the change sees it within the cache's 2 s
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.post()
                .uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + dave)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Hi", "model", OPENAI))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.limit").isEqualTo("concurrent")
                .jsonPath("$.resetsAt").doesNotExist());

        // admitted again: the newest event says so
        publishAndAwait(new AdmissionChanged(UUID.randomUUID(), Instant.now(), jwt.subject(name), false, null, null,
                null, List.of()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                post(dave, chatId, Map.of("content", "Hi", "model", OPENAI)));
    }

    @Test
    void withNoEventAUserIsAdmitted() {
        String erin = jwt.token("erin-" + UUID.randomUUID(), "user");
        String chatId = createChat(erin, null);
        String posted = post(erin, chatId, Map.of("content", "Hi", "model", OPENAI));
        assertThat((String) JsonPath.read(posted, "$.assistantMessage.status")).isEqualTo("pending");
    }

    @Test
    void anOlderEventDoesNotOverwriteANewerOneAndAReplayChangesNothing() {
        String name = "fay-" + UUID.randomUUID();
        String fay = jwt.token(name, "user");
        String owner = jwt.subject(name);
        String chatId = createChat(fay, null);
        Instant newer = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AdmissionChanged refusal = refused(owner, "requests", newer.plus(Duration.ofHours(1)), List.of(), newer);
        publishAndAwait(refusal);

        // published later, happened earlier (another replica's relay, a retry): admitted, but older
        awaitConsumed(publish(new AdmissionChanged(UUID.randomUUID(), newer.minusSeconds(5), owner, false, null, null,
                null, List.of())));
        assertThat(storedOccurredAt(owner)).contains(newer);
        refusedForRequests(fay, chatId);

        awaitConsumed(publish(refusal));
        assertThat(storedOccurredAt(owner)).contains(newer);
        refusedForRequests(fay, chatId);
    }

    private void refusedForRequests(String token, String chatId) {
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Hi", "model", OPENAI))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.limit").isEqualTo("requests");
    }

    private static AdmissionChanged refused(String owner, String limit, Instant resetsAt, List<String> own,
            Instant occurredAt) {
        return new AdmissionChanged(UUID.randomUUID(), occurredAt, owner, true, limit, resetsAt,
                DETAIL.formatted(resetsAt), own);
    }

    /** Publishes the change and waits until chat-service has kept it (this replica then reads it at once). */
    private void publishAndAwait(AdmissionChanged change) {
        publish(change);
        // PostgreSQL keeps microseconds (rounded)
        await().atMost(Duration.ofSeconds(30)).until(() -> storedOccurredAt(change.ownerId())
                .filter(stored -> Duration.between(stored, change.occurredAt()).abs().toNanos() < 1000).isPresent());
    }

    private Optional<Instant> storedOccurredAt(String owner) {
        return db.sql("select occurred_at from system_key_admission where owner_id = :owner")
                .bind("owner", owner)
                .map(row -> row.get("occurred_at", OffsetDateTime.class).toInstant())
                .one()
                .blockOptional(Duration.ofSeconds(5));
    }

    /** Waits until chat-service's consumer group has acknowledged the record (and so handled it). */
    private static void awaitConsumed(RecordMetadata record) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        var partition = new TopicPartition(record.topic(), record.partition());
        try (var admin = AdminClient.create(props)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("chat-service")
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata committed = offsets.get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }

    /** As llm-service's outbox relay does: keyed by the user, with the event-type and event-id headers. */
    private RecordMetadata publish(AdmissionChanged change) {
        synchronized (AdmissionIT.class) {
            if (producer == null) {
                var props = new Properties();
                props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
                props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
            }
        }
        var record = new ProducerRecord<>(Topics.LLM_USAGE, change.ownerId(), json.writeValueAsString(change));
        record.headers().add(EventHeaders.EVENT_TYPE, AdmissionChanged.TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_ID, change.eventId().toString().getBytes(StandardCharsets.UTF_8));
        try {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String createChat(String token, String model) {
        Map<String, String> body = model == null ? Map.of() : Map.of("model", model);
        String created = http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        return JsonPath.read(created, "$.id");
    }

    private String post(String token, String chatId, Map<String, ?> body) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String messages(String token, String chatId) {
        return http.get().uri("/api/chats/{c}/messages?view=tree", chatId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
