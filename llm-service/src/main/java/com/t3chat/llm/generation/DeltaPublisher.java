package com.t3chat.llm.generation;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.ReplyDelta;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a reply's deltas straight to Kafka, not through the outbox: they are ephemeral (the completion carries
 * the whole text), and a database write per delta would cost latency for nothing. Records of one reply share its
 * key, and the producer keeps the order in which they are sent.
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
        var record = new ProducerRecord<>(Topics.LLM_REPLIES, delta.replyId().toString(),
                json.writeValueAsString(delta));
        record.headers().add(EventHeaders.EVENT_TYPE, ReplyDelta.TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_ID, delta.eventId().toString().getBytes(StandardCharsets.UTF_8));
        return kafka.send(record).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("Delta {} of reply {} not sent: {}", delta.seq(), delta.replyId(), error.toString());
            }
        });
    }
}
