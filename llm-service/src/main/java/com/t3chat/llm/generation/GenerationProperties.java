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
 */
@Validated
@ConfigurationProperties("t3chat.generation")
public record GenerationProperties(
        @DefaultValue("40ms") @NotNull Duration flushInterval,
        @DefaultValue("1024") @Min(1) int flushChars,
        @DefaultValue("10m") @NotNull Duration maxDuration,
        @DefaultValue("10s") @NotNull Duration shutdownGrace) {
}
