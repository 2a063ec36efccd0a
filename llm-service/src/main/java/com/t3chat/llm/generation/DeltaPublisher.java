package com.t3chat.llm.generation;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyStarted;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a reply's start and its deltas straight to Kafka, not through the outbox: they are ephemeral (the completion
 * carries the whole text; a lost start only makes chat-service wait for the first delta), and a database write per
 * delta would cost latency for nothing. Records of one reply share its key, and the producer keeps the order in which
 * they are sent.
 */
@Component
class DeltaPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeltaPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;

    DeltaPublisher(KafkaTemplate<String, String> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    CompletableFuture<?> send(ReplyDelta delta) {
        return send(delta.replyId().toString(), ReplyDelta.TYPE, delta).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("Delta {} of reply {} not sent: {}", delta.seq(), delta.replyId(), error.toString());
            }
        });
    }

    /** Announces a claimed reply; not waited for (it must not delay the first token). */
    void send(ReplyStarted started) {
        try {
            send(started.replyId().toString(), ReplyStarted.TYPE, started).whenComplete((result, error) -> {
                if (error != null) {
                    log.warn("Start of reply {} not announced: {}", started.replyId(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Start of reply {} not announced: {}", started.replyId(), e.toString());
        }
    }

    private CompletableFuture<?> send(String key, String type, IntegrationEvent event) {
        var record = new ProducerRecord<>(Topics.LLM_REPLIES, key, json.writeValueAsString(event));
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
        return kafka.send(record);
    }
}
