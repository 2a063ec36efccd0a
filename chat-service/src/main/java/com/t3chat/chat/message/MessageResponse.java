package com.t3chat.chat.message;

import java.time.Instant;
import java.util.UUID;

/**
 * @param model     the model that wrote the reply (after a fallback: the one that actually answered)
 * @param reasoning a reasoning model's thinking behind the reply, or null
 * @param notice    something the reader should know about how the reply was made, or null
 */
record MessageResponse(UUID id, UUID parentId, String role, String content, String status, String model,
        Instant createdAt, String finishReason, UsageResponse usage, String error, String reasoning, String notice) {

    static MessageResponse from(Message m) {
        UsageResponse usage = m.inputTokens() == null && m.outputTokens() == null ? null
                : new UsageResponse(m.inputTokens(), m.outputTokens());
        return new MessageResponse(m.id(), m.parentId(), m.role(), m.content(), m.status(), m.model(), m.createdAt(),
                m.finishReason(), usage, m.error(), m.reasoning(), m.notice());
    }

    record UsageResponse(Long inputTokens, Long outputTokens) {
    }
}
