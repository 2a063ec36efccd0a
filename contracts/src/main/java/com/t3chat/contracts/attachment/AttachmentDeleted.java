package com.t3chat.contracts.attachment;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A file was deleted by its owner: its object and preview are gone; consumers drop what they made from it (chunks,
 * vectors) and show it as deleted where it was referenced. Topic
 * {@link com.t3chat.contracts.Topics#ATTACHMENT_ATTACHMENTS}, key = attachment id.
 */
public record AttachmentDeleted(UUID eventId, Instant occurredAt, UUID attachmentId, String ownerId, UUID chatId)
        implements IntegrationEvent {

    public static final String TYPE = "AttachmentDeleted";
}
