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
 * @param eagerGrace   how old an unsent row must be before the poller takes it while rows are published eagerly
 *                     (right after their commit, by the replica that committed them): longer than an eager send
 *                     and its {@code sent_at} update normally take, so that the poller only picks up rows whose
 *                     eager send was lost (a crash between commit and send) and seldom sends a row twice
 */
@ConfigurationProperties("t3chat.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("5s") Duration eagerGrace) {

    public OutboxProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("t3chat.outbox.batch-size must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("t3chat.outbox.max-attempts must be at least 1");
        }
        if (eagerGrace.isNegative()) {
            throw new IllegalArgumentException("t3chat.outbox.eager-grace must not be negative");
        }
    }
}
