package com.t3chat.chat.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message row. Never on the wire: HTTP bodies are {@link MessageResponse}.
 *
 * @param reasoning     a reasoning model's thinking behind a finished reply, or null
 * @param notice        something the reader should know about how the reply was made, or null
 * @param deltaEnds     where each delta of a finished reply ended in {@code content} (index = seq - 1), or null
 * @param reasoningEnds where each delta ended in {@code reasoning} (index = seq - 1); null when there is no
 *                      reasoning or when {@code deltaEnds} is null
 * @param claimedAt     when a generator claimed this reply, or null while its request waits for one
 */
public record Message(UUID id, UUID chatId, UUID parentId, String role, String content, String reasoning,
        String status, String model, String finishReason, Long inputTokens, Long outputTokens, String error,
        String notice, Integer[] deltaEnds, Integer[] reasoningEnds, UUID requestEventId, Instant createdAt,
        Instant finishedAt, Instant claimedAt) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String COMPLETE = "complete";
    public static final String PENDING = "pending";
    public static final String FAILED = "failed";

    public boolean pending() {
        return PENDING.equals(status);
    }

    /** A pending reply that no generator has claimed yet (as far as this service has recorded). */
    public boolean waiting() {
        return pending() && claimedAt == null;
    }

    /** The same message in another chat, with id {@code copyId}, under another parent. */
    Message copyTo(UUID otherChatId, UUID copyId, UUID newParentId) {
        return new Message(copyId, otherChatId, newParentId, role, content, reasoning, status, model,
                finishReason, inputTokens, outputTokens, error, notice, deltaEnds, reasoningEnds, null, createdAt,
                finishedAt, claimedAt);
    }

    static Message user(UUID chatId, UUID parentId, String content, Instant now) {
        return new Message(UUID.randomUUID(), chatId, parentId, USER, content, null, COMPLETE, null, null, null, null,
                null, null, null, null, null, now, now, null);
    }

    static Message pendingReply(UUID chatId, UUID parentId, String model, UUID requestEventId, Instant now) {
        return new Message(UUID.randomUUID(), chatId, parentId, ASSISTANT, "", null, PENDING, model, null, null, null,
                null, null, null, null, requestEventId, now, null, null);
    }
}
