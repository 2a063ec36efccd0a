package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A piece of a reply: tokens coalesced over a few tens of milliseconds (the first piece is sent at once). A piece
 * is either answer text or, for reasoning models, the model's thinking (which comes first and which a UI folds
 * away). Topic {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = reply id.
 *
 * <p>A delta's {@code eventId} is {@link #idFor(UUID, long)} (derived, no random number per delta) and its
 * {@code occurredAt} may be null: consumers order a reply's deltas by {@code seq}, never by time.
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

    /**
     * The event id of a reply's delta number {@code seq}: unique per (reply, seq), stable across a retry of the same
     * piece, and cheap (the reply id's bits mixed with {@code seq}, marked as a version-8 "custom" UUID).
     */
    public static UUID idFor(UUID replyId, long seq) {
        long msb = (replyId.getMostSignificantBits() & ~0xF000L) | 0x8000L;
        long lsb = replyId.getLeastSignificantBits() ^ (seq * 0x9E3779B97F4A7C15L);
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    public static final String TYPE = "ReplyDelta";
}
