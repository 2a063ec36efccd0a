package com.t3chat.chat.chat;

import java.time.Instant;
import java.util.UUID;

record ChatResponse(UUID id, String title, String model, boolean pinned, boolean archived, Instant createdAt,
        Instant lastActivityAt, UUID currentLeafId) {

    static ChatResponse from(Chat chat) {
        return new ChatResponse(chat.id(), chat.title(), chat.model(), chat.pinned(), chat.archived(),
                chat.createdAt(), chat.lastActivityAt(), chat.currentLeafId());
    }
}
