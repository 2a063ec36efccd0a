package com.t3chat.chat.share;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * At most {@code t3chat.shares.lookups-per-minute} share lookups per client address in a fixed one-minute window,
 * in this replica's memory (Caffeine, bounded, windows expire on their own). Per replica is enough here: share tokens
 * carry at least 128 random bits, so the limit is not what makes guessing hopeless — it keeps a script from hammering
 * the database with guesses, and N replicas only multiply a small number. No lock, no write per request elsewhere.
 */
@Component
class ShareLookupLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int ADDRESSES_KEPT = 100_000;

    private final int max;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .expireAfterWrite(WINDOW)
            .maximumSize(ADDRESSES_KEPT)
            .build();

    ShareLookupLimit(ShareProperties properties) {
        this.max = properties.lookupsPerMinute();
    }

    /** Counts a lookup; answers when the address may look again if it is over the limit. */
    Optional<Instant> tryAcquire(String address) {
        Window window = windows.get(address, key -> new Window(Instant.now(), new AtomicInteger()));
        return window.count().incrementAndGet() > max ? Optional.of(window.start().plus(WINDOW)) : Optional.empty();
    }

    private record Window(Instant start, AtomicInteger count) {
    }
}
