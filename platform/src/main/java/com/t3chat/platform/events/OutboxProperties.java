package com.t3chat.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for unsent rows when no commit woke it up
 * @param batchSize    rows sent per round
 * @param retention    how long sent rows are kept (for inspection) before they are purged
 */
@ConfigurationProperties("t3chat.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("7d") Duration retention) {
}
