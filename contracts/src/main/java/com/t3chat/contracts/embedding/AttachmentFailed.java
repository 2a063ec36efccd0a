package com.t3chat.contracts.embedding;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A file could not be processed. Topic {@link com.t3chat.contracts.Topics#EMBEDDING_ATTACHMENTS}, key = attachment id.
 *
 * @param code   a stable slug: {@code infected}, {@code too-many-pages}, {@code image-too-large},
 *               {@code text-too-large}, {@code unreadable} (corrupt or encrypted), {@code timeout}, {@code missing}
 *               (the object is gone), {@code internal}
 * @param reason what a person can read ("Infected: Eicar-Signature.", "The PDF has 5,000 pages; the limit is 1,000.")
 */
public record AttachmentFailed(UUID eventId, Instant occurredAt, UUID attachmentId, String code, String reason)
        implements IntegrationEvent {

    public static final String TYPE = "AttachmentFailed";

    /** The code of a file the virus scanner found infected: attachment-service deletes its object. */
    public static final String INFECTED = "infected";
}
