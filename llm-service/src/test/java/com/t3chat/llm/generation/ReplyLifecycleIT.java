package com.t3chat.llm.generation;

import static com.t3chat.llm.generation.ReplyTopic.deltas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.llm.generation.ReplyTopic.Received;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A reply's lifecycle across outages: a request that waited longer than chat-service waits, or that its user stopped
 * (or chat-service abandoned) while it waited, is never generated — no provider call, no usage — and the end of a
 * reply that finished while the database was down is recorded, and published, once it is back.
 */
class ReplyLifecycleIT extends ReplyTopicIT {

    private static final String QUICK = "openai/sim-len30-rate200";
    private static final String SLOW = "openai/sim-len40-rate10"; // 4 s

    @Autowired
    DatabaseClient db;

    @Autowired
    ConsumerFactory<?, ?> consumers;

    @Test
    void aCrashedConsumersPartitionsAreReassignedWithinSecondsNotKafkasDefault45() {
        assertThat(consumers.getConfigurationProperties())
                .containsEntry("session.timeout.ms", "10000")
                .containsEntry("heartbeat.interval.ms", "3000");
    }

    @Test
    void aRequestThatWaitedLongerThanTheMaxQueueWaitIsNotGenerated() throws Exception {
        String marker = UUID.randomUUID().toString();
        ReplyRequested fresh = request(QUICK, "Hi " + marker);
        ReplyRequested stale = new ReplyRequested(UUID.randomUUID(), Instant.now().minus(Duration.ofMinutes(6)),
                fresh.chatId(), fresh.ownerId(), UUID.randomUUID(), UUID.randomUUID(), QUICK,
                request(QUICK, "Stale " + marker).history());
        topic.publish(stale.chatId(), ReplyRequested.TYPE, stale);
        topic.publish(fresh.chatId(), ReplyRequested.TYPE, fresh); // after it on the same partition

        assertThat(topic.awaitEnd(fresh.replyId(), Duration.ofMillis(300)).getLast().event())
                .isInstanceOf(ReplyCompleted.class);
        assertThat(topic.started(fresh.replyId())).isNotNull()
                .satisfies(started -> assertThat(started.model()).isEqualTo(QUICK));
        assertNeverGenerated(stale.replyId(), "Stale " + marker);
    }

    @Test
    void aReplyStoppedWhileItsRequestWaitedIsNeverStarted() throws Exception {
        String marker = UUID.randomUUID().toString();
        ReplyRequested stopped = request(QUICK, "Stop me " + marker);
        // the backlog after an outage: the request and its stop arrive in one poll
        publishTogether(stopped.chatId(), Map.of(ReplyRequested.TYPE, stopped), Map.of(ReplyStopRequested.TYPE,
                new ReplyStopRequested(UUID.randomUUID(), Instant.now(), stopped.chatId(), stopped.replyId())));
        ReplyRequested next = followUp(stopped);
        topic.publish(next.chatId(), ReplyRequested.TYPE, next);

        topic.awaitEnd(next.replyId(), Duration.ofMillis(300));
        assertNeverGenerated(stopped.replyId(), "Stop me " + marker);
    }

    @Test
    void aReplyAbandonedWhileItsRequestWaitedIsNeverStarted() throws Exception {
        String marker = UUID.randomUUID().toString();
        ReplyRequested abandoned = request(QUICK, "Too late " + marker);
        publishTogether(abandoned.chatId(), Map.of(ReplyRequested.TYPE, abandoned), Map.of(ReplyAbandoned.TYPE,
                new ReplyAbandoned(UUID.randomUUID(), Instant.now(), abandoned.chatId(), abandoned.replyId(),
                        "not picked up")));
        ReplyRequested next = followUp(abandoned);
        topic.publish(next.chatId(), ReplyRequested.TYPE, next);

        topic.awaitEnd(next.replyId(), Duration.ofMillis(300));
        assertNeverGenerated(abandoned.replyId(), "Too late " + marker);
    }

    @Test
    void aReplyThatEndsWhileTheDatabaseIsDownIsRecordedAndPublishedWhenItIsBack() throws Exception {
        ReplyRequested request = request(SLOW, "Write 40 words " + UUID.randomUUID());
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        topic.await(request.replyId(), records -> !deltas(records).isEmpty());

        infra.cutOffDatabase("llm");
        try {
            // the model finishes (its last token, w40, goes out as a delta) while the database is down...
            await().atMost(Duration.ofSeconds(20)).until(() -> ReplyTopic.concat(deltas(topic.seen(request.replyId())))
                    .endsWith(" w40"));
            // ...and for 10 s more nothing can record its end
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12))
                    .until(() -> topic.seen(request.replyId()).stream().noneMatch(ReplyLifecycleIT::isEnd));
        } finally {
            infra.restoreDatabase("llm");
        }

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ZERO);
        var completed = (ReplyCompleted) records.getLast().event();
        assertThat(completed.text()).startsWith("w1 w2").endsWith(" w40");
        assertThat(completed.usage().outputTokens()).isEqualTo(40);
        Map<String, Object> row = db.sql("select status, output_tokens, cost_usd from reply where id = :id")
                .bind("id", request.replyId()).fetch().one().block(Duration.ofSeconds(10));
        assertThat(row).containsEntry("status", "completed").containsEntry("output_tokens", 40L);
        assertThat((BigDecimal) row.get("cost_usd")).isPositive();
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isEnd(Received record) {
        return record.event() instanceof ReplyCompleted || record.event() instanceof ReplyFailed;
    }

    private void assertNeverGenerated(UUID replyId, String question) {
        assertThat(provider.requests()).noneMatch(body -> body.contains(question));
        assertThat(topic.seen(replyId)).isEmpty();
        assertThat(topic.started(replyId)).isNull();
        assertThat(db.sql("select count(*) as n from reply where id = :id").bind("id", replyId)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10))).isZero();
    }

    private static ReplyRequested request(String model, String question) {
        return ReplyTopic.request(jwt.subject("erin"), model, question);
    }

    /** Another request of the same chat: once it has ended, everything published before it has been handled. */
    private static ReplyRequested followUp(ReplyRequested earlier) {
        ReplyRequested other = request(QUICK, "And now? " + UUID.randomUUID());
        return new ReplyRequested(other.eventId(), other.occurredAt(), earlier.chatId(), other.ownerId(),
                other.replyId(), other.parentId(), other.model(), other.history());
    }

    /** Publishes the events as one producer batch, so that the listener receives them in one poll. */
    @SafeVarargs
    private void publishTogether(UUID chatId, Map<String, ? extends IntegrationEvent>... events) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5_000);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Map<String, ? extends IntegrationEvent> typed : events) {
                typed.forEach((type, event) -> {
                    var record = new ProducerRecord<>(Topics.CHAT_MESSAGES, chatId.toString(),
                            json.writeValueAsString(event));
                    record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
                    record.headers().add(EventHeaders.EVENT_ID,
                            event.eventId().toString().getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                });
            }
            producer.flush();
        }
    }
}
