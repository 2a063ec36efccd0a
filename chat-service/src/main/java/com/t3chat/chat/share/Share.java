package com.t3chat.chat.share;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A share row: its token, the chat and message it was taken from, and the frozen messages. */
record Share(String token, UUID chatId, String ownerId, UUID messageId, String title, List<SharedMessage> snapshot,
        Instant createdAt) {
}
