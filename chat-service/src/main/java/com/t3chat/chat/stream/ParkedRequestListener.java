package com.t3chat.chat.stream;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.platform.events.OutboxEventParked;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reply whose request the outbox relay could not send (parked: too large for the broker, or refused for good)
 * will never be generated: it fails at once, with a reason the user can act on, the way every failed reply
 * ends (stored as failed, {@code error} to its stream's subscribers on this replica).
 */
@Component
class ParkedRequestListener {

    static final String TOO_LONG = "This conversation is too long to send to the model. Start a new chat, or "
            + "branch from an earlier message, and ask again.";
    static final String NOT_DELIVERED = "The request for this reply could not be delivered to the model service. "
            + "Try regenerating it.";
    private static final Logger log = LoggerFactory.getLogger(ParkedRequestListener.class);

    private final ReplyRelay relay;
    private final JsonMapper json;

    ParkedRequestListener(ReplyRelay relay, JsonMapper json) {
        this.relay = relay;
        this.json = json;
    }

    /** Spring subscribes to the answer; errors (after a few retries) are logged by it. */
    @EventListener
    Mono<Void> on(OutboxEventParked parked) {
        if (!Topics.CHAT_MESSAGES.equals(parked.topic()) || !ReplyRequested.TYPE.equals(parked.eventType())) {
            return Mono.empty();
        }
        ReplyRequested request = json.readValue(parked.payload(), ReplyRequested.class);
        String reason = parked.reason() == OutboxEventParked.Reason.TOO_LARGE ? TOO_LONG : NOT_DELIVERED;
        log.warn("the request for reply {} of chat {} was parked ({}); failing the reply", request.replyId(),
                request.chatId(), parked.reason());
        return relay.failUndelivered(request.replyId(), reason)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200)));
    }
}
