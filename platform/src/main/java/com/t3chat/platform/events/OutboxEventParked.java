package com.t3chat.platform.events;

import java.util.UUID;

/**
 * Published (as a Spring application event, in the service that owns the outbox) when the relay parks a row it
 * cannot send: the event was not and will not be published, and the row is kept for an operator. The owner
 * listens ({@code @EventListener void on(OutboxEventParked parked)}, or return a {@code Mono} to do reactive work)
 * to fail what was waiting on it. Delivered once, on the replica that parked the row, after the park committed;
 * a listener must not block.
 *
 * @param eventId   the event's id (its {@code event-id} header)
 * @param topic     where it was meant to go
 * @param key       its record key (the aggregate id)
 * @param eventType its {@code event-type} header
 * @param payload   the event as JSON, as it was written
 * @param reason    why it was parked
 * @param failure   the send's failure, for logs (not for end users)
 */
public record OutboxEventParked(UUID eventId, String topic, String key, String eventType, String payload,
        Reason reason, String failure) {

    public enum Reason {
        /** Larger than the producer's {@code max.request.size} or the broker's {@code message.max.bytes}. */
        TOO_LARGE,
        /** Refused for good for another reason (an invalid topic, a record the client cannot serialize…). */
        REJECTED,
        /** Kept failing ({@code t3chat.outbox.max-attempts} times) while other rows were sent. */
        KEPT_FAILING
    }
}
