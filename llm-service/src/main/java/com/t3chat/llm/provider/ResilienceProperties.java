package com.t3chat.llm.provider;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * How replies survive a provider's bad moments ({@code t3chat.resilience}).
 *
 * @param firstTokenTimeout      from the request to the first token (a slow start counts as a failure before the
 *                               first token: retried, then the fallback model)
 * @param idleTimeout            silence between tokens once the reply has started (the reply fails, keeping its text)
 * @param maxAttempts            tries per model before the first token (429, 5xx, connection failures, slow start)
 * @param backoff                the wait before the second try; doubled for each further one
 * @param failureRateThreshold   percent of failed calls (in the window) that opens a provider's circuit breaker
 * @param minimumCalls           calls in the window before the failure rate counts
 * @param slidingWindow          the time the failure rate is computed over (a number alone is seconds): a window
 *                               of time, not of calls, so that a shared system key carrying hundreds of calls a
 *                               second is not opened for everyone by a blip of a few failures in a row
 * @param openFor                how long an open breaker refuses calls before letting a few through
 */
@Validated
@ConfigurationProperties("t3chat.resilience")
public record ResilienceProperties(
        @DefaultValue("30s") @NotNull Duration firstTokenTimeout,
        @DefaultValue("60s") @NotNull Duration idleTimeout,
        @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
        @DefaultValue("500ms") @NotNull Duration backoff,
        @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
        @DefaultValue("5") @Min(1) int minimumCalls,
        @DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration slidingWindow,
        @DefaultValue("30s") @NotNull Duration openFor) {
}
