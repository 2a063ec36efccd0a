package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A reply ended normally or was stopped. Topic {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = reply id.
 *
 * @param finishReason {@code stop} (the model finished), {@code length} (hit the output limit) or
 *                     {@code stopped} (the user stopped it)
 * @param text         the whole text of the reply, so that it can be stored from this event alone
 * @param lastSeq      the seq of the last delta (0 if there was none)
 * @param model        the model that wrote it (the fallback model if the chosen one failed before its first token)
 * @param reasoning    the model's whole thinking, or null if it streamed none
 * @param notice       something the reader should know about how the reply was made (e.g. "GPT-4o failed, so
 *                     Claude answered"), or null
 */
public record ReplyCompleted(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String model,
        String finishReason, Usage usage, String text, long lastSeq, String reasoning, String notice)
        implements IntegrationEvent {

    public ReplyCompleted(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String model,
            String finishReason, Usage usage, String text, long lastSeq) {
        this(eventId, occurredAt, chatId, replyId, model, finishReason, usage, text, lastSeq, null, null);
    }

    public static final String TYPE = "ReplyCompleted";
    public static final String FINISHED = "stop";
    public static final String LENGTH = "length";
    public static final String STOPPED = "stopped";
}
