package com.t3chat.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for unsent rows when no commit woke it up
 * @param batchSize    rows sent per round
 * @param retention    how long sent rows are kept (for inspection) before they are purged; parked rows are kept
 * @param maxAttempts  failed sends of one row, in rounds where other rows went out, before that row is parked
 *                     (a row the broker can never take is parked at its first failure; a round in which nothing
 *                     could be sent, e.g. the broker is down, counts against no row)
 */
@ConfigurationProperties("t3chat.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("10") int maxAttempts) {

    public OutboxProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("t3chat.outbox.batch-size must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("t3chat.outbox.max-attempts must be at least 1");
        }
    }
}
