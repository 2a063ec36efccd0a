package com.t3chat.contracts.chat;

import com.t3chat.contracts.IntegrationEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/**
 * A chat was created as a branch of another: the path from the source chat's root to {@code sourceMessageId} was
 * copied into it. Topic {@link com.t3chat.contracts.Topics#CHAT_MESSAGES}, key = the new chat's id. The event's size
 * does not depend on the path's length: every copied message's id is {@link #copyId(UUID, UUID)}, which a consumer
 * that keeps the conversation computes for its own copy.
 *
 * @param chatId          the new chat
 * @param sourceChatId    the chat it branches from
 * @param sourceMessageId the last message of the copied path, in the source chat
 */
public record ChatBranched(UUID eventId, Instant occurredAt, UUID chatId, String ownerId, UUID sourceChatId,
        UUID sourceMessageId) implements IntegrationEvent {

    /** The id the copy of message {@code originalId} has in the branch {@code chatId} (a name-based UUID). */
    public static UUID copyId(UUID chatId, UUID originalId) {
        ByteBuffer bytes = ByteBuffer.allocate(32);
        bytes.putLong(chatId.getMostSignificantBits()).putLong(chatId.getLeastSignificantBits());
        bytes.putLong(originalId.getMostSignificantBits()).putLong(originalId.getLeastSignificantBits());
        return UUID.nameUUIDFromBytes(bytes.array());
    }

    public static final String TYPE = "ChatBranched";
}
