package com.t3chat.chat.message;

import java.time.Instant;
import java.util.UUID;

/**
 * How a reply ended, as it is written once onto its pending row.
 *
 * @param model         the model that actually wrote it, or null to keep the one it was requested from
 * @param deltaEnds     where each delta ended in {@code content} (index = seq - 1), or null when unknown
 * @param reasoningEnds where each delta ended in {@code reasoning}, or null (no reasoning, or unknown)
 * @param provisional   this service's own verdict (its watchdog), which the generator's end may still replace
 */
public record FinishedReply(UUID id, String status, String content, String reasoning, String model,
        String finishReason, Long inputTokens, Long outputTokens, String error, String notice, Integer[] deltaEnds,
        Integer[] reasoningEnds, Instant finishedAt, boolean provisional) {
}
