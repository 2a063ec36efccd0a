package com.t3chat.contracts.chat;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * chat-service gave up on a reply that no generator claimed in time and has failed it: a generator must not start
 * it any more (and stops it if it has just started). Topic {@link com.t3chat.contracts.Topics#CHAT_MESSAGES}, key =
 * chat id.
 *
 * @param reason what the user was told
 */
public record ReplyAbandoned(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String reason)
        implements IntegrationEvent {

    public static final String TYPE = "ReplyAbandoned";
}
