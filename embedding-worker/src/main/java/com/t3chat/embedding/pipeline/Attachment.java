package com.t3chat.embedding.pipeline;

import java.util.UUID;

/** The file a job is about, as AttachmentUploaded described it. */
public record Attachment(UUID id, String ownerId, UUID chatId, String name, String mediaType, long sizeBytes,
        String objectKey) {
}
