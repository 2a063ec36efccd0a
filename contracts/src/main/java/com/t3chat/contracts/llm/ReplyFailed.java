package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A reply could not be completed. Topic {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = reply id.
 *
 * @param reason  what a user can read ("The provider rejected the API key.", "Rate limited by the provider…")
 * @param text    the partial text produced before the failure
 * @param lastSeq   the seq of the last delta (0 if there was none)
 * @param reasoning the model's thinking so far, or null
 */
public record ReplyFailed(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String reason, String text,
        long lastSeq, String reasoning) implements IntegrationEvent {

    public ReplyFailed(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String reason, String text,
            long lastSeq) {
        this(eventId, occurredAt, chatId, replyId, reason, text, lastSeq, null);
    }

    public static final String TYPE = "ReplyFailed";
}
