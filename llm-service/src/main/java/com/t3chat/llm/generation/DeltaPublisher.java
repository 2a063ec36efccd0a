package com.t3chat.llm.generation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyStarted;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a reply's start and its deltas straight to Kafka, not through the outbox: they are ephemeral (the completion
 * carries the whole text; a lost start only makes chat-service wait for the first delta), and a database write per
 * delta would cost latency for nothing. Records of one reply share its key.
 *
 * <p>Two producers. The start and the first delta leave at once (the outbox's producer, {@code linger.ms=0}): the
 * first token is what a person waits for. The later deltas go through a producer of their own with
 * {@code linger.ms=5} and 64 KiB batches, so that the deltas of many replies at once share requests to the broker (a
 * later delta already waits tens of milliseconds in the coalescer; 5 ms more is not seen). A producer keeps the order
 * of what it is given, two producers do not: {@link DeltaStream} hands over delta 2 only once delta 1 is acknowledged.
 * Both are idempotent with {@code acks=all}: a lost delta makes chat-service stop relaying a reply. Deltas are written
 * without null fields (no {@code occurredAt}; no {@code reasoning} in an answer piece).
 */
@Component
class DeltaPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeltaPublisher.class);
    static final Map<String, Object> PRODUCER_OVERRIDES = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 65_536);

    private final KafkaTemplate<String, String> immediate;
    private final KafkaTemplate<String, String> lingering;
    private final JsonMapper json;

    DeltaPublisher(KafkaTemplate<String, String> outboxTemplate, JsonMapper json) {
        this.immediate = outboxTemplate;
        this.lingering = new KafkaTemplate<>(outboxTemplate.getProducerFactory(), PRODUCER_OVERRIDES);
        this.json = json.rebuild()
                .changeDefaultPropertyInclusion(include -> include.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /** Sends a delta (the first one at once) and answers its acknowledgement. */
    CompletableFuture<?> send(ReplyDelta delta) {
        return send(delta.seq() == 1 ? immediate : lingering, delta.replyId().toString(), ReplyDelta.TYPE, delta)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        log.warn("Delta {} of reply {} not sent: {}", delta.seq(), delta.replyId(), error.toString());
                    }
                });
    }

    /**
     * Announces a claimed reply; not waited for (it must not delay the first token). By the producer of the first
     * delta, so that it arrives before that.
     */
    void send(ReplyStarted started) {
        try {
            send(immediate, started.replyId().toString(), ReplyStarted.TYPE, started)
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            log.warn("Start of reply {} not announced: {}", started.replyId(), error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("Start of reply {} not announced: {}", started.replyId(), e.toString());
        }
    }

    /** What a delta looks like on the wire (tests read it). */
    String serialise(IntegrationEvent event) {
        return json.writeValueAsString(event);
    }

    private CompletableFuture<?> send(KafkaTemplate<String, String> kafka, String key, String type,
            IntegrationEvent event) {
        var record = new ProducerRecord<>(Topics.LLM_REPLIES, key, serialise(event));
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
        return kafka.send(record);
    }

    /** Closes this publisher's own producer (the copy made with the overrides; the outbox's is Spring's). */
    @Override
    public void destroy() {
        lingering.destroy();
    }
}
