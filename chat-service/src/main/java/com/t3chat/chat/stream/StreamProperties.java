package com.t3chat.chat.stream;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param rebuildWindow    how far back a starting replica re-reads the reply topic, to know the progress of replies
 *                         already in flight (their watchdog needs it); their text is not kept (see
 *                         {@link ReplyRebuild})
 * @param endedTombstone   how long this replica remembers that a reply ended, so that a subscriber who read it as
 *                         pending a moment before is sent to the stored reply
 * @param generatorSilence a reply claimed by a generator this long ago with no delta since is failed (its generator
 *                         died); a reply not claimed yet is waiting, not silent
 * @param heartbeat        how often an idle stream gets a comment line, so that proxies keep it open
 * @param maxQueueWait     a reply no generator has claimed this long after it was requested is failed ("the model
 *                         service did not pick it up") and abandoned; llm-service does not start a request older
 *                         than its own {@code t3chat.generation.max-queue-wait} (keep both equal)
 * @param recordFor        how long a reply's end from llm-service is retried while the database is unreachable
 * @param maxQueuedWrites  reply writes that may wait for the database; at 80 % the reply listener pauses
 * @param writeConcurrency reply writes (of different replies) run at once
 * @param resumeWindow     how long a reply's buffer is kept after its last subscriber left, for a reconnect
 * @param expectWindow     how long a buffer prepared by {@link ReplyStreams#expect} waits for its first subscriber
 * @param maxBufferBytes   the most one reply's buffer holds; beyond it the oldest pieces go (resuming before them
 *                         says so in the stream)
 * @param maxBuffersBytes  the most all buffers of this replica hold; beyond it idle buffers go, least recently used
 *                         first
 */
@Validated
@ConfigurationProperties("t3chat.streams")
public record StreamProperties(
        @DefaultValue("10m") @NotNull Duration rebuildWindow,
        @DefaultValue("30s") @NotNull Duration endedTombstone,
        @DefaultValue("90s") @NotNull Duration generatorSilence,
        @DefaultValue("15s") @NotNull Duration heartbeat,
        @DefaultValue("5m") @NotNull Duration maxQueueWait,
        @DefaultValue("1h") @NotNull Duration recordFor,
        @DefaultValue("10000") @Positive int maxQueuedWrites,
        @DefaultValue("256") @Positive int writeConcurrency,
        @DefaultValue("60s") @NotNull Duration resumeWindow,
        @DefaultValue("30s") @NotNull Duration expectWindow,
        @DefaultValue("1MB") @NotNull DataSize maxBufferBytes,
        @DefaultValue("128MB") @NotNull DataSize maxBuffersBytes) {

    /** The defaults, for tests without Spring. */
    static StreamProperties defaults() {
        return new StreamProperties(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(90),
                Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofHours(1), 10_000, 256,
                Duration.ofSeconds(60), Duration.ofSeconds(30), DataSize.ofMegabytes(1), DataSize.ofMegabytes(128));
    }

    StreamProperties withQueue(int maxQueuedWrites, int writeConcurrency, Duration recordFor) {
        return new StreamProperties(rebuildWindow, endedTombstone, generatorSilence, heartbeat, maxQueueWait,
                recordFor, maxQueuedWrites, writeConcurrency, resumeWindow, expectWindow, maxBufferBytes,
                maxBuffersBytes);
    }

    StreamProperties withBuffers(DataSize maxBufferBytes, DataSize maxBuffersBytes) {
        return new StreamProperties(rebuildWindow, endedTombstone, generatorSilence, heartbeat, maxQueueWait,
                recordFor, maxQueuedWrites, writeConcurrency, resumeWindow, expectWindow, maxBufferBytes,
                maxBuffersBytes);
    }
}
