package com.t3chat.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyStarted;
import com.t3chat.devstack.test.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading one reply back from the real broker, as the real producer partitioned it: only that reply's starts and
 * deltas, from just before it was created, in order, among other replies' records on the same partition.
 */
class ReplyRebuildIT {

    private static final TestInfra infra = TestInfra.shared();
    private static KafkaProducer<String, String> producer;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ReplyRebuild rebuild = new ReplyRebuild(new DefaultKafkaConsumerFactory<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "reply-rebuild-it"),
            new StringDeserializer(), new StringDeserializer()), JsonMapper.builder().build(), meters);

    @BeforeAll
    static void topicAndProducer() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.LLM_REPLIES, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void readsOnlyThatReplysStartAndDeltasSinceItWasCreatedInOrder() {
        UUID reply = UUID.randomUUID();
        Instant createdAt = Instant.now();
        // a record of the same key from well before the reply was created (e.g. a replay): not read
        publish(reply, ReplyDelta.TYPE, delta(reply, 99, "stale"), createdAt.minusSeconds(30).toEpochMilli());
        publish(reply, ReplyStarted.TYPE, """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","model":"offline/demo"}"""
                .formatted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), reply), null);
        for (int seq = 1; seq <= 3; seq++) {
            publish(reply, ReplyDelta.TYPE, delta(reply, seq, "piece" + seq), null);
            // other replies' records, many of them on the same partition
            for (int other = 0; other < 10; other++) {
                UUID someone = UUID.randomUUID();
                publish(someone, ReplyDelta.TYPE, delta(someone, seq, "not mine"), null);
            }
        }
        publish(reply, "ReplyCompleted", "{}", null); // ends reach subscribers live, after they are stored

        List<Object> events = rebuild.events(reply, createdAt).collectList().block(Duration.ofSeconds(30));
        assertThat(events).hasSize(4).first().isInstanceOf(ReplyStarted.class);
        assertThat(events.subList(1, 4)).allSatisfy(event -> assertThat(event).isInstanceOf(ReplyDelta.class))
                .extracting(event -> ((ReplyDelta) event).text()).containsExactly("piece1", "piece2", "piece3");
        assertThat(Set.copyOf(events.stream().map(event -> event instanceof ReplyDelta d ? d.replyId()
                : ((ReplyStarted) event).replyId()).toList())).containsExactly(reply);
        assertThat(meters.counter("t3chat.streams.rebuilds").count()).isEqualTo(1);
    }

    @Test
    void aReplyWithNothingPublishedYetReadsNothing() {
        UUID reply = UUID.randomUUID();
        assertThat(rebuild.events(reply, Instant.now()).collectList().block(Duration.ofSeconds(30))).isEmpty();
    }

    private static String delta(UUID reply, long seq, String text) {
        return """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","seq":%d,"text":"%s"}"""
                .formatted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), reply, seq, text);
    }

    private static void publish(UUID key, String type, String json, Long timestamp) {
        var record = new ProducerRecord<>(Topics.LLM_REPLIES, null, timestamp, key.toString(), json);
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
