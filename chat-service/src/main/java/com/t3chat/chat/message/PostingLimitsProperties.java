package com.t3chat.chat.message;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on every user's replies, whatever key answers them (a runaway client hurts the system either way); checked
 * by chat-service from its own message table before anything is stored. 0 turns a limit off. The operator's limits
 * on system-key use (tokens, cost, …) are llm-service's ({@code t3chat.limits}).
 *
 * @param concurrentReplies replies being written for one user at once
 * @param messagesPerMinute replies one user may ask for in any minute (posts, edits and regenerates: each asks for
 *                          one)
 * @param retryConcurrentAfter the {@code Retry-After} of a refusal for too many replies at once (none of them has a
 *                             known end)
 */
@ConfigurationProperties("t3chat.posting-limits")
@Validated
public record PostingLimitsProperties(
        @DefaultValue("3") @Min(0) int concurrentReplies,
        @DefaultValue("20") @Min(0) int messagesPerMinute,
        @DefaultValue("5s") @NotNull Duration retryConcurrentAfter) {
}
