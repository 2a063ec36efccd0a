package com.t3chat.contracts.chat;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A chat was deleted with its messages and shares. Topic {@link com.t3chat.contracts.Topics#CHAT_CHATS}, key = chat
 * id. Its pending replies were asked to stop in the same transaction.
 */
public record ChatDeleted(UUID eventId, Instant occurredAt, UUID chatId, String ownerId) implements IntegrationEvent {

    public static final String TYPE = "ChatDeleted";
}
