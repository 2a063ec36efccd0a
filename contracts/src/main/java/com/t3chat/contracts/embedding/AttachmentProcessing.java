package com.t3chat.contracts.embedding;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Progress of a file through the pipeline (at most about one a second per file, not one per page). Topic
 * {@link com.t3chat.contracts.Topics#EMBEDDING_ATTACHMENTS}, key = attachment id.
 *
 * @param stage     {@code scanning}, {@code extracting}, {@code ocr} or {@code embedding}
 * @param pagesDone pages read so far
 * @param pages     the file's pages (1 for an image or a text file), 0 while not yet known
 */
public record AttachmentProcessing(UUID eventId, Instant occurredAt, UUID attachmentId, String stage, int pagesDone,
        int pages) implements IntegrationEvent {

    public static final String TYPE = "AttachmentProcessing";
}
