package com.t3chat.llm.generation;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How replies are generated and streamed.
 *
 * @param flushInterval at most one delta per reply per interval; no token waits longer (the first goes at once)
 * @param flushChars    a delta leaves early once this many characters are buffered
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
        @DefaultValue("40ms") @NotNull Duration flushInterval,
        @DefaultValue("1024") @Min(1) int flushChars,
        @DefaultValue("10m") @NotNull Duration maxDuration,
        @DefaultValue("10s") @NotNull Duration shutdownGrace,
        @DefaultValue("5m") @NotNull Duration maxQueueWait,
        @DefaultValue("1h") @NotNull Duration recordFor) {
}
