package com.t3chat.chat.stream;

import com.t3chat.chat.message.MessageRepository;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fails replies whose generator went silent (llm-service killed mid-stream): a pending reply whose request left the
 * outbox long ago and that has had no delta for as long. While the broker is down the request has not left the
 * outbox, so a reply waiting for the broker is never failed by this.
 */
@Component
class ReplyWatchdog {

    static final String REASON = "The reply stopped arriving: the model's generator stopped responding. "
            + "Try regenerating it.";
    private static final Logger log = LoggerFactory.getLogger(ReplyWatchdog.class);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);

    private final MessageRepository messages;
    private final LiveReplies live;
    private final ReplyRelay relay;
    private final StreamProperties properties;

    ReplyWatchdog(MessageRepository messages, LiveReplies live, ReplyRelay relay, StreamProperties properties) {
        this.messages = messages;
        this.live = live;
        this.relay = relay;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${t3chat.streams.watchdog-interval:10s}")
    void failSilentReplies() {
        Duration silence = properties.generatorSilence();
        messages.pendingRequestedBefore(silence)
                .filter(reply -> live.find(reply.id()).map(r -> r.idleNanos() > silence.toNanos()).orElse(true))
                .concatMap(reply -> {
                    log.warn("reply {} of chat {} went silent; failing it", reply.id(), reply.chatId());
                    return relay.fail(reply.id(), REASON, null, null, 0, Instant.now());
                })
                .then()
                .block(RUN_TIMEOUT);
    }
}
