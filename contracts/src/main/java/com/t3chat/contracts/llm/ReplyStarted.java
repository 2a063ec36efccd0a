package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A generator claimed a reply and is starting its model: from now on silence on the reply means the generator
 * stopped, not that the request is still waiting. Sent once, right after the claim, before the first delta. Topic
 * {@link com.t3chat.contracts.Topics#LLM_REPLIES}, key = reply id.
 *
 * @param model the model asked first (a fallback may still answer instead)
 */
public record ReplyStarted(UUID eventId, Instant occurredAt, UUID chatId, UUID replyId, String model)
        implements IntegrationEvent {

    public static final String TYPE = "ReplyStarted";
}
