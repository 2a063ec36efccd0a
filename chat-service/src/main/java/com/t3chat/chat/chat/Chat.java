package com.t3chat.chat.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * A chat row. Never on the wire: HTTP bodies are {@link ChatResponse}.
 *
 * @param conversationEvents its messages reach llm-service as events ({@code MessagePosted}, {@code ChatBranched})
 *                           and its reply requests carry no history; false for a chat created before that (ADR 0023)
 */
public record Chat(UUID id, String ownerId, String title, String model, boolean pinned, boolean archived,
        Instant createdAt, Instant lastActivityAt, UUID currentLeafId, String fallbackModel,
        boolean conversationEvents) {

    public Chat(UUID id, String ownerId, String title, String model, boolean pinned, boolean archived,
            Instant createdAt, Instant lastActivityAt, UUID currentLeafId) {
        this(id, ownerId, title, model, pinned, archived, createdAt, lastActivityAt, currentLeafId, null, true);
    }
}
