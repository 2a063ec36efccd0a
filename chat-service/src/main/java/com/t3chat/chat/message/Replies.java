package com.t3chat.chat.message;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the other features of this service (the reply streams, shares) may ask about messages and replies: they go
 * through this service, never through {@link MessageRepository}.
 */
@Service
public class Replies {

    private final MessageRepository messages;

    Replies(MessageRepository messages) {
        this.messages = messages;
    }

    /** The message if it belongs to that chat, else empty. */
    public Mono<Message> find(UUID chatId, UUID id) {
        return messages.find(chatId, id);
    }

    /** The message with this id, whatever its chat (for this service's own events, which name only the reply). */
    public Mono<Message> byId(UUID id) {
        return messages.findById(id);
    }

    /** The branch from the root down to {@code id}, oldest first. */
    public Flux<Message> path(UUID chatId, UUID id) {
        return messages.path(chatId, id);
    }

    /** Writes a reply's end once (see {@link MessageRepository#finish}); false if it had already ended. */
    public Mono<Boolean> finish(FinishedReply reply) {
        return messages.finish(reply);
    }

    /** Records once when a generator claimed the reply. */
    public Mono<Void> markClaimed(UUID id, Instant at) {
        return messages.markClaimed(id, at);
    }

    /** Pending replies claimed (or, unclaimed, created) more than {@code silence} ago. */
    public Flux<Message> pendingSince(Duration silence) {
        return messages.pendingSince(silence);
    }
}
