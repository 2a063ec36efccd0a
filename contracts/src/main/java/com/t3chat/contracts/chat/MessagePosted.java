package com.t3chat.contracts.chat;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user message was stored (posted, or an edit stored as a new sibling). Topic
 * {@link com.t3chat.contracts.Topics#CHAT_MESSAGES}, key = chat id. Written in the same transaction as, and before,
 * the {@link ReplyRequested} that answers it, so a consumer of the chat's partition sees the message first.
 * llm-service keeps the conversation from these events (ADR 0023) instead of receiving the branch in every request.
 *
 * @param parentId      the message it follows on its branch, or null for the chat's first message
 * @param content       the message's text as stored
 * @param attachmentIds the files attached to it (empty when none), in the order the user gave
 */
public record MessagePosted(UUID eventId, Instant occurredAt, UUID chatId, String ownerId, UUID messageId,
        UUID parentId, String content, List<UUID> attachmentIds) implements IntegrationEvent {

    public MessagePosted {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
    }

    public static final String TYPE = "MessagePosted";
}
