package com.t3chat.chat.message;

import java.time.Instant;
import java.util.UUID;

record MessageResponse(UUID id, UUID parentId, String role, String content, String status, String model,
        Instant createdAt, String finishReason, UsageResponse usage, String error) {

    static MessageResponse from(Message m) {
        UsageResponse usage = m.inputTokens() == null && m.outputTokens() == null ? null
                : new UsageResponse(m.inputTokens(), m.outputTokens());
        return new MessageResponse(m.id(), m.parentId(), m.role(), m.content(), m.status(), m.model(), m.createdAt(),
                m.finishReason(), usage, m.error());
    }

    record UsageResponse(Long inputTokens, Long outputTokens) {
    }
}
