package com.t3chat.contracts.chat;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The user asked to stop a reply. Topic {@link com.t3chat.contracts.Topics#CHAT_MESSAGES}, key = chat id. The reply
 * then completes with finish reason {@code stopped} and keeps its text so far.
 */
public record ReplyStopRequested(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId)
        implements IntegrationEvent {

    public static final String TYPE = "ReplyStopRequested";
}
