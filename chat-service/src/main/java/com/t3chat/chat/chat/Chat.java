package com.t3chat.chat.chat;

import java.time.Instant;
import java.util.UUID;

/** A chat row. Never on the wire: HTTP bodies are {@link ChatResponse}. */
public record Chat(UUID id, String ownerId, String title, String model, boolean pinned, boolean archived,
        Instant createdAt, Instant lastActivityAt, UUID currentLeafId, String fallbackModel) {

    public Chat(UUID id, String ownerId, String title, String model, boolean pinned, boolean archived,
            Instant createdAt, Instant lastActivityAt, UUID currentLeafId) {
        this(id, ownerId, title, model, pinned, archived, createdAt, lastActivityAt, currentLeafId, null);
    }
}
