package com.t3chat.llm.usage;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator's limits on each user's use of the system keys ({@code t3chat.limits}); 0 = no limit. Replies made
 * with a user's own key count against none of them. Days and months are UTC. Out of the box only the daily tokens
 * are limited (200,000 per user); the per-user reply limits that apply whatever the key are chat-service's
 * ({@code t3chat.posting-limits}).
 *
 * @param requests      replies started in any {@code window}
 * @param window        the sliding window of {@code requests}
 * @param tokensPerDay  input + output tokens per day
 * @param tokensPerMonth input + output tokens per calendar month
 * @param costPerDay    US dollars per day (from the catalogue's prices)
 * @param costPerMonth  US dollars per calendar month
 * @param concurrent    replies being generated at once
 * @param retryConcurrentAfter the {@code Retry-After} of a refusal for too many replies at once (no known end)
 */
@Validated
@ConfigurationProperties("t3chat.limits")
public record LimitsProperties(
        @DefaultValue("0") @Min(0) int requests,
        @DefaultValue("1h") @NotNull Duration window,
        @DefaultValue("200000") @Min(0) long tokensPerDay,
        @DefaultValue("0") @Min(0) long tokensPerMonth,
        @DefaultValue("0") @DecimalMin("0") BigDecimal costPerDay,
        @DefaultValue("0") @DecimalMin("0") BigDecimal costPerMonth,
        @DefaultValue("0") @Min(0) int concurrent,
        @DefaultValue("5s") @NotNull Duration retryConcurrentAfter) {
}
