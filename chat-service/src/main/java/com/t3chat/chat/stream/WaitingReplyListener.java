package com.t3chat.chat.stream;

import com.t3chat.chat.message.Replies;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * chat-service's own requests, stops and abandons, read back by every replica (a consumer group of its own): a reply that
 * ended while it waited for a generator — its user stopped it, or the watchdog gave up on it — gets no event from
 * llm-service, so each replica ends that reply's streams here, with what was stored. Other events on the same topic go
 * to the default handler, which skips them; the one read by id is not waited for on the listener thread.
 */
@Component
@KafkaListener(topics = Topics.CHAT_MESSAGES,
        groupId = "#{'chat-service-ends-' + T(java.util.UUID).randomUUID()}",
        properties = "auto.offset.reset=latest")
class WaitingReplyListener {

    private static final Logger log = LoggerFactory.getLogger(WaitingReplyListener.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Replies messages;
    private final ReplyRelay relay;
    private final LiveReplies live;

    WaitingReplyListener(Replies messages, ReplyRelay relay, LiveReplies live) {
        this.messages = messages;
        this.relay = relay;
        this.live = live;
    }

    /** A reply was requested (on any replica): this one knows it from its start. */
    @KafkaHandler
    void on(ReplyRequested requested) {
        live.requested(requested.replyId());
    }

    @KafkaHandler
    void on(ReplyStopRequested stop) {
        endIfEnded(stop.replyId());
    }

    @KafkaHandler
    void on(ReplyAbandoned abandoned) {
        endIfEnded(abandoned.replyId());
    }

    /** Posted messages, branches: llm-service's. */
    @KafkaHandler(isDefault = true)
    void ignore(Object other) {
    }

    /** Only a reply this replica knows, and only once it is no longer pending (a claimed one ends via llm-service). */
    private void endIfEnded(UUID replyId) {
        if (live.findProgress(replyId).filter(reply -> !reply.ended()).isEmpty()) {
            return;
        }
        messages.byId(replyId)
                .filter(message -> !message.pending())
                .timeout(READ_TIMEOUT)
                .subscribe(relay::endedWhileWaiting,
                        error -> log.warn("Streams of reply {} not ended: {}", replyId, error.toString()));
    }
}
