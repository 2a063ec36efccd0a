package com.t3chat.embedding;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import com.t3chat.devstack.test.TestInfra;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's side of the bus and the store, standing in for attachment-service: puts a file in the bucket at
 * {@code files/<id>}, publishes AttachmentUploaded / AttachmentDeleted as its outbox relay would, and reads what the
 * worker publishes on {@code embedding.attachments.v1}, per attachment, in order.
 */
public final class AttachmentTopic implements AutoCloseable {

    public static final String BUCKET = "t3chat-attachments-it";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final TestInfra infra;
    private final JsonMapper json = JsonMapper.builder().build();
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final MinioClient minio;
    private final Map<String, List<IntegrationEvent>> received = new HashMap<>();

    public AttachmentTopic(TestInfra infra) {
        this.infra = infra;
        var producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        var consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "attachment-it-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.EMBEDDING_ATTACHMENTS));
        minio = MinioClient.builder().endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey()).region("us-east-1").build();
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }

    /** Stores the file as attachment-service does and announces it; answers the event. */
    public AttachmentUploaded upload(String ownerId, UUID chatId, String name, String mediaType, byte[] content)
            throws Exception {
        UUID id = UUID.randomUUID();
        String key = "files/" + id;
        put(key, content, mediaType);
        var event = new AttachmentUploaded(UUID.randomUUID(), Instant.now(), id, ownerId, chatId, name, mediaType,
                content.length, key);
        publish(id, AttachmentUploaded.TYPE, event);
        return event;
    }

    public void put(String key, byte[] content, String mediaType) throws Exception {
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1).contentType(mediaType).build());
    }

    public boolean exists(String key) throws Exception {
        try {
            minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            return false;
        }
    }

    public AttachmentDeleted delete(AttachmentUploaded uploaded) throws Exception {
        var event = new AttachmentDeleted(UUID.randomUUID(), Instant.now(), uploaded.attachmentId(),
                uploaded.ownerId(), uploaded.chatId());
        publish(uploaded.attachmentId(), AttachmentDeleted.TYPE, event);
        return event;
    }

    public void publish(UUID attachmentId, String type, IntegrationEvent event) throws Exception {
        publishRaw(attachmentId.toString(), type, json.writeValueAsString(event));
    }

    public void publishRaw(String key, String type, String value) throws Exception {
        var record = new ProducerRecord<>(Topics.ATTACHMENT_ATTACHMENTS, key, value);
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** The attachment's outcome (AttachmentProcessed or AttachmentFailed), once it arrives. */
    public IntegrationEvent awaitOutcome(UUID attachmentId) {
        return awaitOutcome(attachmentId, WAIT);
    }

    public IntegrationEvent awaitOutcome(UUID attachmentId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (IntegrationEvent event : seen(attachmentId)) {
                if (event instanceof AttachmentProcessed || event instanceof AttachmentFailed) {
                    return event;
                }
            }
        }
        throw new AssertionError("no outcome for " + attachmentId + "; saw " + received.get(attachmentId.toString()));
    }

    public AttachmentProcessed awaitProcessed(UUID attachmentId) {
        return awaitProcessed(attachmentId, WAIT);
    }

    public AttachmentProcessed awaitProcessed(UUID attachmentId, Duration wait) {
        IntegrationEvent outcome = awaitOutcome(attachmentId, wait);
        if (outcome instanceof AttachmentProcessed processed) {
            return processed;
        }
        throw new AssertionError(attachmentId + " did not become ready: " + outcome);
    }

    public AttachmentFailed awaitFailed(UUID attachmentId) {
        IntegrationEvent outcome = awaitOutcome(attachmentId);
        if (outcome instanceof AttachmentFailed failed) {
            return failed;
        }
        throw new AssertionError(attachmentId + " did not fail: " + outcome);
    }

    /** Everything read so far for the attachment (after one poll). */
    public List<IntegrationEvent> seen(UUID attachmentId) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            String type = new String(record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(),
                    StandardCharsets.UTF_8);
            Class<? extends IntegrationEvent> eventClass = switch (type) {
                case AttachmentProcessing.TYPE -> AttachmentProcessing.class;
                case AttachmentProcessed.TYPE -> AttachmentProcessed.class;
                case AttachmentFailed.TYPE -> AttachmentFailed.class;
                default -> throw new AssertionError("unexpected event type " + type);
            };
            received.computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(json.readValue(record.value(), eventClass));
        }
        return List.copyOf(received.getOrDefault(attachmentId.toString(), List.of()));
    }
}
