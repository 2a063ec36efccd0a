package com.t3chat.chat.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages that carry files: each id is checked with attachment-service (here a small HTTP server answering
 * {@code GET /api/attachments/{id}} as attachment-service does: the caller's own file, else 404) with the caller's
 * own token; the message stores references and the tree shows them; attachment-service's {@code AttachmentDeleted}
 * (on the real broker) marks them deleted, once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        // its users post many messages whose replies never end here: not a test of the per-user limits
        "t3chat.posting-limits.concurrent-replies=0", "t3chat.posting-limits.messages-per-minute=0"})
@AutoConfigureWebTestClient(timeout = "20s")
class MessageAttachmentsIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(20);

    /** The files the stand-in attachment-service knows, by id. */
    private static final Map<UUID, StoredFile> files = new ConcurrentHashMap<>();
    /** Every lookup it answered: the id asked about and the Authorization header it came with. */
    private static final List<Lookup> lookups = new CopyOnWriteArrayList<>();
    private static volatile HttpServer attachmentService = startAttachmentService(0);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
        registry.add("t3chat.services.attachment",
                () -> "http://127.0.0.1:" + attachmentService.getAddress().getPort());
    }

    @AfterAll
    static void stopAttachmentService() {
        attachmentService.stop(0);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void aliceSendsHerFilesWithAMessageAndTheTreeShowsThemInOrder() {
        String alice = user("alice");
        String token = jwt.token(alice, "user");
        UUID report = file(alice, "report.pdf", "application/pdf", 12_345, "ready");
        UUID scan = file(alice, "scan.png", "image/png", 2_048, "processing");
        UUID notes = file(alice, "notes.md", "text/markdown", 99, "uploaded");
        String chatId = createChat(token);

        String posted = post(token, chatId, Map.of("content", "Summarise these", "attachmentIds",
                List.of(report, scan, notes))).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat((List<String>) JsonPath.read(posted, "$.userMessage.attachments[*].id"))
                .containsExactly(report.toString(), scan.toString(), notes.toString());
        assertThat((Map<String, Object>) JsonPath.read(posted, "$.userMessage.attachments[0]")).isEqualTo(Map.of(
                "id", report.toString(), "name", "report.pdf", "mediaType", "application/pdf", "size", 12_345,
                "deleted", false));
        assertThat((List<?>) JsonPath.read(posted, "$.assistantMessage.attachments")).isEmpty();
        // each was asked of attachment-service with alice's own token
        assertThat(lookups).filteredOn(lookup -> List.of(report, scan, notes).contains(lookup.id()))
                .extracting(Lookup::authorization).hasSize(3).containsOnly("Bearer " + token);

        String userId = JsonPath.read(posted, "$.userMessage.id");
        String tree = messages(token, chatId);
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + userId + "')].attachments[*].name"))
                .containsExactly("report.pdf", "scan.png", "notes.md");
        assertThat((List<Object>) JsonPath.read(tree, "$.messages[?(@.role == 'assistant')].attachments"))
                .containsExactly(List.of());

        // a message without files makes no call to attachment-service and shows an empty list
        int asked = lookups.size();
        String plain = post(token, chatId, Map.of("content", "Thanks")).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat((List<?>) JsonPath.read(plain, "$.userMessage.attachments")).isEmpty();
        assertThat(lookups).hasSize(asked);
    }

    @Test
    void bobCannotSendAlicesFileAndAMissingFileIsNotFoundEither() {
        String alice = user("alice");
        UUID report = file(alice, "report.pdf", "application/pdf", 12_345, "ready");
        String bob = jwt.token(user("bob"), "user");
        String chatId = createChat(bob);

        for (UUID refused : List.of(report, UUID.randomUUID())) {
            post(bob, chatId, Map.of("content", "What is in it?", "attachmentIds", List.of(refused)))
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("urn:t3chat:problem:not-found")
                    .jsonPath("$.attachmentId").isEqualTo(refused.toString());
        }
        assertThat(lookups).filteredOn(lookup -> lookup.id().equals(report))
                .extracting(Lookup::authorization).containsExactly("Bearer " + bob);
        assertThat((List<?>) JsonPath.read(messages(bob, chatId), "$.messages")).isEmpty();
    }

    @Test
    void aFileThatFailedProcessingIsAConflictAndNothingIsStored() {
        String alice = user("alice");
        String token = jwt.token(alice, "user");
        UUID fine = file(alice, "fine.txt", "text/plain", 10, "ready");
        UUID broken = file(alice, "broken.pdf", "application/pdf", 4_096, "failed");
        String chatId = createChat(token);

        post(token, chatId, Map.of("content", "Read both", "attachmentIds", List.of(fine, broken)))
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:attachment-failed")
                .jsonPath("$.attachmentId").isEqualTo(broken.toString())
                .jsonPath("$.failureCode").isEqualTo("unreadable")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("broken.pdf").contains("the PDF is damaged"));
        assertThat((List<?>) JsonPath.read(messages(token, chatId), "$.messages")).isEmpty();
    }

    @Test
    void attachmentServiceSlowBrokenOrDownIsA503AndNothingIsStored() {
        String alice = user("alice");
        String token = jwt.token(alice, "user");
        UUID slow = file(alice, "slow.pdf", "application/pdf", 1, "ready");
        UUID broken = file(alice, "error.pdf", "application/pdf", 1, "ready");
        UUID fine = file(alice, "fine.txt", "text/plain", 10, "ready");
        String chatId = createChat(token);

        long start = System.nanoTime();
        unavailable(token, chatId, slow);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        unavailable(token, chatId, broken);

        int port = attachmentService.getAddress().getPort();
        attachmentService.stop(0);
        try {
            unavailable(token, chatId, fine);
        } finally {
            attachmentService = startAttachmentService(port);
        }
        assertThat((List<?>) JsonPath.read(messages(token, chatId), "$.messages")).isEmpty();
        // and once it answers again, the same message goes through
        post(token, chatId, Map.of("content", "Read it", "attachmentIds", List.of(fine))).expectStatus().isAccepted();
    }

    @Test
    void moreThanTenFilesOrOneFileTwiceIsInvalidAndNothingIsAsked() {
        String alice = user("alice");
        String token = jwt.token(alice, "user");
        List<UUID> eleven = IntStream.range(0, 11).mapToObj(i -> file(alice, i + ".txt", "text/plain", i, "ready"))
                .toList();
        UUID twice = eleven.getFirst();
        String chatId = createChat(token);
        int asked = lookups.size();

        post(token, chatId, Map.of("content", "Too many", "attachmentIds", eleven)).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo("attachmentIds");
        post(token, chatId, Map.of("content", "Twice", "attachmentIds", List.of(twice, twice)))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("attachmentIds");
        assertThat(lookups).hasSize(asked);
        // ten is fine
        post(token, chatId, Map.of("content", "Ten", "attachmentIds", eleven.subList(0, 10)))
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.userMessage.attachments.length()").isEqualTo(10);
    }

    @Test
    void aRepeatedSendWithTheSameKeyKeepsItsFilesAndAnotherListUnderThatKeyIsRefused() {
        String alice = user("alice");
        String token = jwt.token(alice, "user");
        UUID a = file(alice, "a.txt", "text/plain", 1, "ready");
        UUID b = file(alice, "b.txt", "text/plain", 2, "ready");
        String chatId = createChat(token);
        String key = UUID.randomUUID().toString();

        String first = post(token, chatId, key, Map.of("content", "Both", "attachmentIds", List.of(a, b)))
                .expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        int asked = lookups.size();
        String again = post(token, chatId, key, Map.of("content", "Both", "attachmentIds", List.of(a, b)))
                .expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();

        assertThat((String) JsonPath.read(again, "$.userMessage.id")).isEqualTo(JsonPath.read(first, "$.userMessage.id"));
        assertThat((List<String>) JsonPath.read(again, "$.userMessage.attachments[*].id"))
                .containsExactly(a.toString(), b.toString());
        assertThat(lookups).as("a repeat is answered without asking again").hasSize(asked);
        for (List<UUID> other : List.of(List.of(b, a), List.of(a), List.<UUID>of())) {
            post(token, chatId, key, Map.of("content", "Both", "attachmentIds", other))
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:idempotency-key-reused");
        }
        assertThat((List<?>) JsonPath.read(messages(token, chatId), "$.messages")).hasSize(2);
    }

    @Test
    void aDeletedFileIsShownDeletedEverywhereOnceAndAReplayChangesNothing() throws Exception {
        String alice = user("alice");
        String token = jwt.token(alice, "user");
        UUID kept = file(alice, "kept.pdf", "application/pdf", 100, "ready");
        UUID gone = file(alice, "gone.png", "image/png", 200, "ready");
        String chatId = createChat(token);
        String posted = post(token, chatId, Map.of("content", "Look", "attachmentIds", List.of(kept, gone)))
                .expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        String userId = JsonPath.read(posted, "$.userMessage.id");
        // an edit (a sibling) that carries the same file, and a branch copied from the question
        String edit = post(token, chatId, Map.of("content", "Look again", "root", true, "attachmentIds",
                List.of(gone))).expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        String editId = JsonPath.read(edit, "$.userMessage.id");
        String branch = JsonPath.read(http.post().uri("/api/chats/{c}/branch", chatId)
                .header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("messageId", userId)).exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody(), "$.id");
        assertThat((List<Boolean>) JsonPath.read(messages(token, branch), "$.messages[0].attachments[*].deleted"))
                .containsExactly(false, false);

        var deleted = new AttachmentDeleted(UUID.randomUUID(), Instant.now(), gone, jwt.subject(alice),
                UUID.fromString(chatId));
        publish(deleted);
        await(() -> deletedFlags(token, chatId, userId), List.of(false, true));
        assertThat(deletedFlags(token, chatId, editId)).containsExactly(true);
        assertThat(deletedFlags(token, branch, JsonPath.read(messages(token, branch), "$.messages[0].id")))
                .containsExactly(false, true);

        String before = messages(token, chatId);
        RecordMetadata replay = publish(deleted);
        awaitConsumed(replay);
        assertThat(messages(token, chatId)).isEqualTo(before);

        // a message that raced the deletion (attachment-service still said yes) stores the file as deleted
        String late = post(token, chatId, Map.of("content", "Once more", "attachmentIds", List.of(kept, gone)))
                .expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        assertThat((List<Boolean>) JsonPath.read(late, "$.userMessage.attachments[*].deleted"))
                .containsExactly(false, true);
    }

    @Test
    void aDeletionThatCannotBeReadEndsUpOnTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        publish(key, AttachmentDeleted.TYPE, "{\"eventId\":\"not-a-uuid\"");
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "attachment-dlt-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ATTACHMENT_ATTACHMENTS + Topics.DEAD_LETTER_SUFFIX));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the poison record never reached the dead-letter topic");
    }

    @Test
    void theApiDescribesAttachments() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.schemas.PostMessageRequest.properties.attachmentIds.maxItems").isEqualTo(10)
                .jsonPath("$.components.schemas.PostMessageRequest.properties.attachmentIds.items.format")
                .isEqualTo("uuid")
                .jsonPath("$.components.schemas.MessageResponse.properties.attachments.type").isEqualTo("array")
                .jsonPath("$.components.schemas.AttachmentResponse.properties.deleted.type").isEqualTo("boolean")
                .jsonPath("$.paths['/api/chats/{chatId}/messages'].post.responses['409'].description").exists()
                .jsonPath("$.paths['/api/chats/{chatId}/messages'].post.responses['503'].description").exists();
    }

    // ---------------------------------------------------------------- helpers

    private void unavailable(String token, String chatId, UUID id) {
        post(token, chatId, Map.of("content", "Read it", "attachmentIds", List.of(id)))
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:service-unavailable")
                .jsonPath("$.service").isEqualTo("attachment-service");
    }

    private List<Boolean> deletedFlags(String token, String chatId, String messageId) {
        return JsonPath.read(messages(token, chatId),
                "$.messages[?(@.id == '" + messageId + "')].attachments[*].deleted");
    }

    private static <T> void await(java.util.function.Supplier<T> actual, T expected) {
        Awaitility.await().atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(actual.get()).isEqualTo(expected));
    }

    /** Waits until chat-service's consumer group has committed past the record (it was handled). */
    private static void awaitConsumed(RecordMetadata record) throws Exception {
        var partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            Awaitility.await("chat-service consumed " + record).atMost(APPLIED_WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.listConsumerGroupOffsets("chat-service").partitionsToOffsetAndMetadata().get()
                            .get(partition), committed -> committed != null && committed.offset() > record.offset());
        }
    }

    private RecordMetadata publish(AttachmentDeleted event) throws Exception {
        return publish(event.attachmentId().toString(), AttachmentDeleted.TYPE, json.writeValueAsString(event));
    }

    /** Publishes as attachment-service's outbox does: keyed by the attachment, the type in a header. */
    private static RecordMetadata publish(String key, String type, String value) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<>(Topics.ATTACHMENT_ATTACHMENTS, key, value);
            record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
            return producer.send(record).get();
        }
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static UUID file(String owner, String name, String mediaType, long size, String status) {
        UUID id = UUID.randomUUID();
        files.put(id, new StoredFile(jwt.subject(owner), name, mediaType, size, status));
        return id;
    }

    private String createChat(String token) {
        return JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody(),
                "$.id");
    }

    private WebTestClient.ResponseSpec post(String token, String chatId, Map<String, ?> body) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec post(String token, String chatId, String key, Map<String, ?> body) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String messages(String token, String chatId) {
        return http.get().uri("/api/chats/{c}/messages?view=tree", chatId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    // ---------------------------------------------------------------- the stand-in attachment-service

    private record StoredFile(String owner, String name, String mediaType, long size, String status) {
    }

    private record Lookup(UUID id, String authorization) {
    }

    /**
     * {@code GET /api/attachments/{id}} as attachment-service answers it: the representation of the caller's own
     * file (the caller is the token's subject; attachment-service verifies the token, this stand-in only reads it),
     * else a 404 problem. {@code slow.pdf} answers after 6 s, {@code error.pdf} with a 500.
     */
    private static HttpServer startAttachmentService(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/api/attachments/", MessageAttachmentsIT::attachment);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void attachment(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        UUID id;
        try {
            id = UUID.fromString(exchange.getRequestURI().getPath().substring("/api/attachments/".length()));
        } catch (IllegalArgumentException notAnId) {
            respond(exchange, 400, "application/problem+json", "{\"type\":\"urn:t3chat:problem:validation\"}");
            return;
        }
        lookups.add(new Lookup(id, authorization == null ? "" : authorization));
        StoredFile file = files.get(id);
        if (file == null || !file.owner().equals(subject(authorization))) {
            respond(exchange, 404, "application/problem+json", """
                    {"type":"urn:t3chat:problem:not-found","title":"Not Found","status":404,
                     "detail":"There is no attachment %s."}""".formatted(id));
            return;
        }
        switch (file.name()) {
            case "slow.pdf" -> pause(Duration.ofSeconds(6));
            case "error.pdf" -> {
                respond(exchange, 500, "application/problem+json", "{\"type\":\"urn:t3chat:problem:internal\"}");
                return;
            }
            default -> {
                // answered at once
            }
        }
        boolean failed = "failed".equals(file.status());
        respond(exchange, 200, "application/json", """
                {"id":"%s","name":"%s","size":%d,"mediaType":"%s","status":"%s","createdAt":"%s","chatId":null,
                 "pagesDone":null,"pages":null,"stage":null,"chunks":null,"ocrPages":null,"characters":null,
                 "scan":"skipped","note":null,"failureCode":%s,"failureReason":%s,"hasPreview":false,
                 "contentUrl":"/api/attachments/%s/content","previewUrl":null}"""
                .formatted(id, file.name(), file.size(), file.mediaType(), file.status(), Instant.now(),
                        failed ? "\"unreadable\"" : "null", failed ? "\"the PDF is damaged\"" : "null", id));
    }

    /** The subject of a bearer token (its payload read, not verified). */
    private static String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return JsonPath.read(payload, "$.sub");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
