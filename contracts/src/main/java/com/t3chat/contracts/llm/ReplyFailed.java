package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A reply could not be completed. Topic {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = reply id.
 *
 * @param reason  what a user can read ("The provider rejected the API key.", "Rate limited by the provider…")
 * @param text    the partial text produced before the failure
 * @param lastSeq the seq of the last delta (0 if there was none)
 */
public record ReplyFailed(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String reason, String text,
        long lastSeq) implements IntegrationEvent {

    public static final String TYPE = "ReplyFailed";
}
