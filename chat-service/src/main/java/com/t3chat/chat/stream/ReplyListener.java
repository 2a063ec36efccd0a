package com.t3chat.chat.stream;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What chat-service consumes from llm-service. Every replica reads every reply event (a consumer group of its own)
 * because any replica may hold a subscriber of any reply; a starting replica first re-reads the last minutes so
 * that it can resume streams already in flight.
 */
@Component
class ReplyListener implements ConsumerSeekAware {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final ReplyRelay relay;
    private final JsonMapper json;
    private final StreamProperties properties;

    ReplyListener(ReplyRelay relay, JsonMapper json, StreamProperties properties) {
        this.relay = relay;
        this.json = json;
        this.properties = properties;
    }

    @KafkaListener(topics = Topics.LLM_REPLIES,
            groupId = "#{'chat-service-relay-' + T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void dispatch(ConsumerRecord<String, String> record) {
        switch (type(record)) {
            case ReplyDelta.TYPE -> on(json.readValue(record.value(), ReplyDelta.class));
            case ReplyCompleted.TYPE -> on(json.readValue(record.value(), ReplyCompleted.class));
            case ReplyFailed.TYPE -> on(json.readValue(record.value(), ReplyFailed.class));
            case ChatTitleGenerated.TYPE -> on(json.readValue(record.value(), ChatTitleGenerated.class));
            default -> {
                // other reply events are not ours to handle
            }
        }
    }

    void on(ReplyDelta delta) {
        relay.on(delta);
    }

    void on(ReplyCompleted completed) {
        relay.on(completed).block(WRITE_TIMEOUT);
    }

    void on(ReplyFailed failed) {
        relay.on(failed).block(WRITE_TIMEOUT);
    }

    void on(ChatTitleGenerated titled) {
        relay.on(titled).block(WRITE_TIMEOUT);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        long since = System.currentTimeMillis() - properties.rebuildWindow().toMillis();
        callback.seekToTimestamp(assignments.keySet(), since);
    }

    private static String type(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
