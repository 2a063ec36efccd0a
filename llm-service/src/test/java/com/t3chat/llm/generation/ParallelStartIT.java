package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.EventTypes;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyStarted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Requests that arrive together start together: 200 chats' requests in one producer batch (so in one or a few
 * polls) are all started, and the starts overlap the replies — the last request starts before the first reply ends
 * (a reply of {@code sim-len40-rate10} takes about 4 s). No wall-clock threshold: the order of llm-service's own
 * timestamps is the proof.
 */
class ParallelStartIT extends ReplyTopicIT {

    private static final int REQUESTS = 200;
    private static final String MODEL = "openai/sim-len40-rate10";

    @Test
    void twoHundredRequestsInOnePollAllStartBeforeTheFirstReplyEnds() throws Exception {
        List<ReplyRequested> requests = new ArrayList<>();
        List<IntegrationEvent> events = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            UUID chatId = UUID.randomUUID();
            UUID questionId = UUID.randomUUID();
            String owner = jwt.subject("parallel-" + UUID.randomUUID());
            events.add(new MessagePosted(UUID.randomUUID(), Instant.now(), chatId, owner, questionId, null,
                    "Parallel question " + i, List.of()));
            var request = new ReplyRequested(UUID.randomUUID(), Instant.now(), chatId, owner, UUID.randomUUID(),
                    questionId, MODEL, null);
            events.add(request);
            requests.add(request);
        }
        publishTogether(events);

        List<ReplyStarted> starts = new ArrayList<>();
        List<ReplyCompleted> ends = new ArrayList<>();
        for (ReplyRequested request : requests) {
            var end = topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event();
            assertThat(end).isInstanceOf(ReplyCompleted.class);
            ends.add((ReplyCompleted) end);
            ReplyStarted started = topic.started(request.replyId());
            assertThat(started).as("ReplyStarted of %s", request.replyId()).isNotNull();
            starts.add(started);
        }

        Instant lastStart = starts.stream().map(ReplyStarted::occurredAt).max(Comparator.naturalOrder()).orElseThrow();
        Instant firstEnd = ends.stream().map(ReplyCompleted::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
        assertThat(lastStart).isBefore(firstEnd);
        System.out.printf("[measure] %d requests in one batch: starts spread over %d ms, first end %d ms after the "
                        + "first start%n", REQUESTS,
                Duration.between(starts.stream().map(ReplyStarted::occurredAt).min(Comparator.naturalOrder())
                        .orElseThrow(), lastStart).toMillis(),
                Duration.between(starts.stream().map(ReplyStarted::occurredAt).min(Comparator.naturalOrder())
                        .orElseThrow(), firstEnd).toMillis());
    }

    /** One producer batch (long linger, one flush), so that the listener receives them in as few polls as possible. */
    private void publishTogether(List<IntegrationEvent> events) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5_000);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1_048_576);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (IntegrationEvent event : events) {
                var record = new ProducerRecord<>(EventTypes.topicOf(event), EventTypes.keyOf(event),
                        json.writeValueAsString(event));
                record.headers().add(EventHeaders.EVENT_TYPE,
                        EventTypes.nameOf(event).getBytes(StandardCharsets.UTF_8));
                record.headers().add(EventHeaders.EVENT_ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }
}
