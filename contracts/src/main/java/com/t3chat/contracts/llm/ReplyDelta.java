package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A piece of a reply: tokens coalesced over a few tens of milliseconds (the first piece is sent at once). A piece
 * is either answer text or, for reasoning models, the model's thinking (which comes first and which a UI folds
 * away). Topic {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = reply id.
 *
 * @param seq       1 for the first delta of a reply, then +1 per delta (text and reasoning share the sequence);
 *                  clients resume after the last seq they saw
 * @param text      answer text ("" in a reasoning piece)
 * @param reasoning the model's thinking, or null in an answer piece
 */
public record ReplyDelta(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, long seq, String text,
        String reasoning) implements IntegrationEvent {

    /** An answer-text piece. */
    public ReplyDelta(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, long seq, String text) {
        this(eventId, occurredAt, chatId, replyId, seq, text, null);
    }

    /** Whether this piece is reasoning (not named like a getter: it must not become a JSON property). */
    public boolean carriesReasoning() {
        return reasoning != null;
    }

    public static final String TYPE = "ReplyDelta";
}
