package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A piece of a reply's text: tokens coalesced over a few tens of milliseconds (the first piece is sent at once).
 * Topic {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = reply id.
 *
 * @param seq 1 for the first delta of a reply, then +1 per delta; clients resume after the last seq they saw
 */
public record ReplyDelta(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, long seq, String text)
        implements IntegrationEvent {

    public static final String TYPE = "ReplyDelta";
}
