package com.t3chat.attachment.attachment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param interval    how often the sweeper runs
 * @param orphanGrace how old an object without a row must be before it is removed: longer than any upload takes
 *                    from storing its object to committing its row
 * @param batchSize   objects looked up (and removals retried) per query
 */
@ConfigurationProperties("t3chat.attachments.sweeper")
record SweeperProperties(@DefaultValue("10m") Duration interval, @DefaultValue("1h") Duration orphanGrace,
        @DefaultValue("500") int batchSize) {

    SweeperProperties {
        if (interval.isNegative() || interval.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("t3chat.attachments.sweeper needs a positive interval and batch size");
        }
    }
}
