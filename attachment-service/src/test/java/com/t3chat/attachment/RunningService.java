package com.t3chat.attachment;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.contracts.EventHeaders;
import com.t3chat.devstack.test.TestEvents;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * attachment-service running on real PostgreSQL, Kafka and S3Proxy (devstack's {@link TestInfra}), with tokens from
 * the test issuer. Every integration test extends this, so they share one application context. Small limits make the
 * refusals cheap to reach: 1 MB per file, 4 MB and 10 files per person; the sweeper runs every second with a grace
 * of two seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/attachment-service.yml",
        "t3chat.attachments.max-file-size=1MB",
        "t3chat.attachments.quota.bytes=4MB",
        "t3chat.attachments.quota.files=10",
        "t3chat.attachments.spool-directory=target/upload-spool",
        "t3chat.attachments.sweeper.interval=1s",
        "t3chat.attachments.sweeper.orphan-grace=2s",
        "t3chat.outbox.poll-interval=200ms"})
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class RunningService {

    protected static final TestInfra infra = TestInfra.shared();
    protected static final TestJwtIssuer jwt = infra.jwt();
    protected static final Path SPOOL = Path.of("target/upload-spool");
    protected static final String BUCKET = "t3chat-attachments";
    protected static final long MAX_FILE_SIZE = 1024 * 1024;

    private static MinioClient s3;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "attachment");
    }

    @Autowired
    protected WebTestClient http;

    @LocalServerPort
    protected int port;

    /** A person of this test only (so that quotas and lists of tests never meet). */
    protected static String person(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String token(String person) {
        return jwt.token(person, "user");
    }

    protected static String bearer(String person) {
        return "Bearer " + token(person);
    }

    protected WebTestClient.ResponseSpec upload(String person, String name, byte[] content) {
        return upload(person, name, content, null);
    }

    protected WebTestClient.ResponseSpec upload(String person, String name, byte[] content, String chatId) {
        var form = new MultipartBodyBuilder();
        // the client's header is a lie on purpose: the content decides
        form.part("file", content).filename(name).contentType(MediaType.APPLICATION_PDF);
        if (chatId != null) {
            form.part("chatId", chatId);
        }
        return http.post().uri("/api/attachments")
                .header("Authorization", bearer(person))
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange();
    }

    /** Uploads and answers the new attachment's JSON (asserting 201). */
    protected String uploaded(String person, String name, byte[] content) {
        return uploaded(person, name, content, null);
    }

    protected String uploaded(String person, String name, byte[] content, String chatId) {
        return new String(upload(person, name, content, chatId).expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }

    protected static String id(String json) {
        return JsonPath.read(json, "$.id");
    }

    protected String get(String person, String path) {
        return new String(http.get().uri(path).header("Authorization", bearer(person)).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the store, seen directly

    protected static synchronized MinioClient s3() {
        if (s3 == null) {
            s3 = MinioClient.builder().endpoint(infra.s3Endpoint())
                    .credentials(infra.s3AccessKey(), infra.s3SecretKey()).region("us-east-1").build();
        }
        return s3;
    }

    protected static boolean stored(String key) {
        try {
            s3().statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return false;
            }
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static byte[] storedBytes(String key) {
        try (InputStream in = s3().getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static void store(String key, byte[] content, String contentType) {
        try {
            s3().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                    .stream(new ByteArrayInputStream(content), content.length, -1).contentType(contentType).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The upload files waiting in the spool directory (none once every upload has ended). */
    protected static List<Path> spooled() {
        if (!Files.isDirectory(SPOOL)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(SPOOL)) {
            return files.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ Kafka

    /** Publishes an event as embedding-worker's outbox relay would (key = attachment id, event-type header). */
    protected static void publish(String topic, String attachmentId, String type, String json) {
        try {
            UUID eventId = UUID.fromString(JsonPath.read(json, "$.eventId"));
            TestEvents.publish(infra.kafkaBootstrapServers(), topic, attachmentId, type, eventId, json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first record of this type for this attachment on the topic (from its beginning), within the timeout. */
    protected static ConsumerRecord<String, String> awaitEvent(String topic, String type, String attachmentId,
            Duration timeout) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "attachment-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    var header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
                    if (header != null && type.equals(new String(header.value(), StandardCharsets.UTF_8))
                            && attachmentId.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " for " + attachmentId + " on " + topic + " within " + timeout);
    }

    protected static Map<String, Object> json(String json) {
        return JsonPath.read(json, "$");
    }
}
