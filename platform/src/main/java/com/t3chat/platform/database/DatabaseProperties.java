package com.t3chat.platform.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a service with a database does when PostgreSQL is away, and what it checks at start.
 *
 * @param retryAfter       the {@code Retry-After} of the 503 {@code database-unavailable} problem (whole seconds)
 * @param durabilityCheck  at start, warn when PostgreSQL runs with {@code fsync}, {@code synchronous_commit} or
 *                         {@code full_page_writes} off (committed data can be lost in a crash); false silences it
 */
@ConfigurationProperties("t3chat.database")
public record DatabaseProperties(
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("true") boolean durabilityCheck) {

    public DatabaseProperties {
        if (retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("t3chat.database.retry-after must be at least 1s, not " + retryAfter);
        }
    }
}
