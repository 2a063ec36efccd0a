package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A short title was generated for a chat after its first reply. Topic
 * {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = the reply id (so that it reaches that reply's stream in
 * order, before the reply's end).
 *
 * @deprecated titles are computed by chat-service from its own first message; no longer produced. chat-service
 *             still reads it for one release so that a rolling upgrade loses no title.
 */
@Deprecated
public record ChatTitleGenerated(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String title)
        implements IntegrationEvent {

    public static final String TYPE = "ChatTitleGenerated";
}
