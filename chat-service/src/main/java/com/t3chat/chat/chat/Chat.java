package com.t3chat.chat.chat;

import java.time.Instant;
import java.util.UUID;

/** A chat row. Stays inside this feature: HTTP bodies are {@link ChatResponse}. */
record Chat(UUID id, String ownerId, String title, String model, boolean pinned, boolean archived,
        Instant createdAt, Instant lastActivityAt) {
}
