package com.t3chat.chat.stream;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.contracts.llm.ReplyStarted;
import com.t3chat.platform.kafka.EventRecords;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What chat-service consumes from llm-service. Every replica reads every reply event (a consumer group of its own)
 * because any replica may hold a subscriber of any reply; a starting replica first re-reads the last minutes so
 * that it can resume streams already in flight. Writes (a claim, a title, a reply's end) go through
 * {@link ReplyWrites}: they survive an outage of the database without holding up the deltas of other replies.
 */
@Component
class ReplyListener implements ConsumerSeekAware {

    private final ReplyRelay relay;
    private final ReplyWrites writes;
    private final JsonMapper json;
    private final StreamProperties properties;

    ReplyListener(ReplyRelay relay, ReplyWrites writes, JsonMapper json, StreamProperties properties) {
        this.relay = relay;
        this.writes = writes;
        this.json = json;
        this.properties = properties;
    }

    @KafkaListener(topics = Topics.LLM_REPLIES,
            groupId = "#{'chat-service-relay-' + T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void dispatch(ConsumerRecord<String, String> record) {
        switch (EventRecords.eventType(record)) {
            case ReplyStarted.TYPE -> on(json.readValue(record.value(), ReplyStarted.class));
            case ReplyDelta.TYPE -> on(json.readValue(record.value(), ReplyDelta.class));
            case ReplyCompleted.TYPE -> on(json.readValue(record.value(), ReplyCompleted.class));
            case ReplyFailed.TYPE -> on(json.readValue(record.value(), ReplyFailed.class));
            case ChatTitleGenerated.TYPE -> on(json.readValue(record.value(), ChatTitleGenerated.class));
            default -> {
                // other reply events are not ours to handle
            }
        }
    }

    void on(ReplyStarted started) {
        writes.submit(started.replyId(), "claim", () -> relay.on(started));
    }

    void on(ReplyDelta delta) {
        relay.on(delta);
    }

    void on(ReplyCompleted completed) {
        relay.ending(completed.replyId());
        writes.submit(completed.replyId(), "completion", () -> relay.on(completed));
    }

    void on(ReplyFailed failed) {
        relay.ending(failed.replyId());
        writes.submit(failed.replyId(), "failure", () -> relay.on(failed));
    }

    void on(ChatTitleGenerated titled) {
        writes.submit(titled.replyId(), "title", () -> relay.on(titled));
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        long since = System.currentTimeMillis() - properties.rebuildWindow().toMillis();
        callback.seekToTimestamp(assignments.keySet(), since);
    }
}
