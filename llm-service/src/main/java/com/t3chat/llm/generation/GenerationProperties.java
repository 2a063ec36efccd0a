package com.t3chat.llm.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How replies are generated and streamed.
 *
 * @param delta         how tokens are coalesced into deltas (see {@link DeltaCoalescer})
 * @param maxDuration   a reply still running after this long fails (with the text so far)
 * @param shutdownGrace on shutdown, how long replies in flight may still finish before they are cut off
 * @param maxQueueWait  a request older than this (its {@code occurredAt}) is not started: chat-service has failed it
 *                      by then (its {@code t3chat.streams.max-queue-wait}, the same default) — nothing is generated
 *                      or charged for a reply its user was told had failed
 * @param recordFor     how long the end of a finished reply is retried while the database is unreachable (with
 *                      capped backoff) before it is given up
 */
@Validated
@ConfigurationProperties("t3chat.generation")
public record GenerationProperties(
        @DefaultValue @Valid @NotNull Delta delta,
        @DefaultValue("10m") @NotNull Duration maxDuration,
        @DefaultValue("10s") @NotNull Duration shutdownGrace,
        @DefaultValue("5m") @NotNull Duration maxQueueWait,
        @DefaultValue("1h") @NotNull Duration recordFor) {

    /**
     * Adaptive coalescing ({@code t3chat.generation.delta}): the first token leaves at once; then a delta leaves when
     * {@code minInterval} has passed since the last one and either {@code targetTokens} are buffered or
     * {@code maxInterval} has passed; at once when {@code maxChars} are buffered. No token waits longer than
     * {@code maxInterval}; a stream slower than one token per {@code minInterval} is sent token by token.
     */
    public record Delta(
            @DefaultValue("50ms") @NotNull Duration minInterval,
            @DefaultValue("150ms") @NotNull Duration maxInterval,
            @DefaultValue("4") @Min(1) int targetTokens,
            @DefaultValue("1024") @Min(1) int maxChars) {
    }
}
