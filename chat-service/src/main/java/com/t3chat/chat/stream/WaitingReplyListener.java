package com.t3chat.chat.stream;

import com.t3chat.chat.message.Replies;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.platform.kafka.EventRecords;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * chat-service's own stops and abandons, read back by every replica (a consumer group of its own): a reply that
 * ended while it waited for a generator — its user stopped it, or the watchdog gave up on it — gets no event from
 * llm-service, so each replica ends that reply's streams here, with what was stored. Requests on the same topic are
 * skipped by their header, unread; the one read by id is not waited for on the listener thread.
 */
@Component
class WaitingReplyListener {

    private static final Logger log = LoggerFactory.getLogger(WaitingReplyListener.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Replies messages;
    private final ReplyRelay relay;
    private final LiveReplies live;
    private final JsonMapper json;

    WaitingReplyListener(Replies messages, ReplyRelay relay, LiveReplies live, JsonMapper json) {
        this.messages = messages;
        this.relay = relay;
        this.live = live;
        this.json = json;
    }

    @KafkaListener(topics = Topics.CHAT_MESSAGES,
            groupId = "#{'chat-service-ends-' + T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void dispatch(ConsumerRecord<String, String> record) {
        switch (EventRecords.eventType(record)) {
            case ReplyStopRequested.TYPE -> on(json.readValue(record.value(), ReplyStopRequested.class));
            case ReplyAbandoned.TYPE -> on(json.readValue(record.value(), ReplyAbandoned.class));
            default -> {
                // requests are llm-service's
            }
        }
    }

    void on(ReplyStopRequested stop) {
        endIfEnded(stop.replyId());
    }

    void on(ReplyAbandoned abandoned) {
        endIfEnded(abandoned.replyId());
    }

    /** Only a reply this replica streams, and only once it is no longer pending (a claimed one ends via llm-service). */
    private void endIfEnded(UUID replyId) {
        if (live.find(replyId).filter(reply -> !reply.ended()).isEmpty()) {
            return;
        }
        messages.byId(replyId)
                .filter(message -> !message.pending())
                .timeout(READ_TIMEOUT)
                .subscribe(relay::endedWhileWaiting,
                        error -> log.warn("Streams of reply {} not ended: {}", replyId, error.toString()));
    }
}
