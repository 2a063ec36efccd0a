package com.t3chat.contracts.chat;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A chat was created. Topic {@link com.t3chat.contracts.Topics#CHAT_CHATS}, key = chat id.
 *
 * @param ownerId the subject of the user who owns the chat
 * @param model   the chat's default model id, or null for the system default
 */
public record ChatCreated(UUID eventId, Instant occurredAt, UUID chatId, String ownerId, String model)
        implements IntegrationEvent {

    public static final String TYPE = "ChatCreated";
}
