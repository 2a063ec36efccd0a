package com.t3chat.attachment.attachment;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored file and what the worker made of it (a row of {@code attachment}; never on the wire as it is).
 *
 * @param contentRemoved the original is gone from the store (the scanner found it infected); the row stays
 */
public record Attachment(UUID id, String ownerId, UUID chatId, String name, String mediaType, long sizeBytes,
        String objectKey, String status, Instant createdAt, String stage, Integer pagesDone, Integer pages,
        Integer chunks, Integer ocrPages, Long characters, String scan, String note, String previewKey,
        String failureCode, String failureReason, boolean contentRemoved) {

    public static final String UPLOADED = "uploaded";
    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    /** A file just stored, before the worker has seen it. */
    static Attachment uploaded(UUID id, String ownerId, UUID chatId, String name, String mediaType, long sizeBytes,
            String objectKey, Instant createdAt) {
        return new Attachment(id, ownerId, chatId, name, mediaType, sizeBytes, objectKey, UPLOADED, createdAt, null,
                null, null, null, null, null, null, null, null, null, null, false);
    }
}
