package com.t3chat.chat.chat;

import java.time.Instant;
import java.util.UUID;

/** @param fallbackModel answers when the chat's model fails before its first token (null: the operator's) */
record ChatResponse(UUID id, String title, String model, boolean pinned, boolean archived, Instant createdAt,
        Instant lastActivityAt, UUID currentLeafId, String fallbackModel) {

    static ChatResponse from(Chat chat) {
        return new ChatResponse(chat.id(), chat.title(), chat.model(), chat.pinned(), chat.archived(),
                chat.createdAt(), chat.lastActivityAt(), chat.currentLeafId(), chat.fallbackModel());
    }
}
