package com.t3chat.chat.stream;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param rebuildWindow     how far back a starting replica re-reads the reply topic, so that it can resume streams
 *                          of replies already in flight
 * @param finishedRetention how long a finished reply stays in memory for resuming clients (then: the database)
 * @param generatorSilence  a reply claimed by a generator this long ago with no delta since is failed (its
 *                          generator died); a reply not claimed yet is waiting, not silent
 * @param heartbeat         how often an idle stream gets a comment line, so that proxies keep it open
 * @param maxQueueWait      a reply no generator has claimed this long after it was requested is failed ("the model
 *                          service did not pick it up") and abandoned; llm-service does not start a request older
 *                          than its own {@code t3chat.generation.max-queue-wait} (keep both equal)
 * @param recordFor         how long a reply's end from llm-service is retried while the database is unreachable
 */
@Validated
@ConfigurationProperties("t3chat.streams")
public record StreamProperties(
        @DefaultValue("10m") @NotNull Duration rebuildWindow,
        @DefaultValue("2m") @NotNull Duration finishedRetention,
        @DefaultValue("90s") @NotNull Duration generatorSilence,
        @DefaultValue("15s") @NotNull Duration heartbeat,
        @DefaultValue("5m") @NotNull Duration maxQueueWait,
        @DefaultValue("1h") @NotNull Duration recordFor) {
}
