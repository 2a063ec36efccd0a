package com.t3chat.platform.kafka;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A record whose {@code event-type} header names no event this version knows (a newer producer's event, or one
 * another service keeps to itself). Typed listeners receive it instead of a conversion error, so that their default
 * handler can skip it: it is never retried nor sent to a dead-letter topic. Its payload is not read, so its event id
 * and time are unknown (null); it is an {@link IntegrationEvent} only so that a batch of {@code List<IntegrationEvent>}
 * can hold it.
 *
 * @param type the record's {@code event-type} header
 */
public record UnknownEvent(String type) implements IntegrationEvent {

    @Override
    public UUID eventId() {
        return null;
    }

    @Override
    public Instant occurredAt() {
        return null;
    }
}
