package com.t3chat.chat.stream;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.contracts.llm.ReplyStarted;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * What chat-service consumes from llm-service. Every replica reads every reply event (a consumer group of its own)
 * because any replica may hold a subscriber of any reply; a starting replica first re-reads the last minutes to know
 * the progress of replies already in flight (their text is read back only for a subscriber, ADR 0025). Writes (a
 * claim, a title, a reply's end) go through {@link ReplyWrites}: they survive an outage of the database without
 * holding up the deltas of other replies, and never block this thread.
 */
@Component
@KafkaListener(id = ReplyListener.ID, idIsGroup = false, topics = Topics.LLM_REPLIES,
        groupId = "#{'chat-service-relay-' + T(java.util.UUID).randomUUID()}",
        properties = "auto.offset.reset=latest")
class ReplyListener implements ConsumerSeekAware {

    /** This listener's container, which {@link ReplyWrites} pauses while too many writes wait for the database. */
    static final String ID = "chat-service-reply-relay";

    private final ReplyRelay relay;
    private final ReplyWrites writes;
    private final StreamProperties properties;

    ReplyListener(ReplyRelay relay, ReplyWrites writes, StreamProperties properties) {
        this.relay = relay;
        this.writes = writes;
        this.properties = properties;
    }

    @KafkaHandler
    void on(ReplyStarted started) {
        writes.submit(started.replyId(), "claim", () -> relay.on(started));
    }

    @KafkaHandler
    void on(ReplyDelta delta) {
        relay.on(delta);
    }

    @KafkaHandler
    void on(ReplyCompleted completed) {
        relay.ending(completed.replyId());
        writes.submit(completed.replyId(), "completion", () -> relay.on(completed));
    }

    @KafkaHandler
    void on(ReplyFailed failed) {
        relay.ending(failed.replyId());
        writes.submit(failed.replyId(), "failure", () -> relay.on(failed));
    }

    @KafkaHandler
    void on(ChatTitleGenerated titled) {
        writes.submit(titled.replyId(), "title", () -> relay.on(titled));
    }

    /** Other reply events (and types a newer llm-service may add) are not ours to handle. */
    @KafkaHandler(isDefault = true)
    void ignore(Object other) {
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        long since = System.currentTimeMillis() - properties.rebuildWindow().toMillis();
        callback.seekToTimestamp(assignments.keySet(), since);
    }
}
