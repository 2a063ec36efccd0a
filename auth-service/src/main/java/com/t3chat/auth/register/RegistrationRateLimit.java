package com.t3chat.auth.register;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * At most {@code MAX} sign-ups per client address in a sliding {@code WINDOW}, in this instance's memory (a few
 * replicas multiply it; good enough to stop a script, not a distributed attack). Bounded: addresses idle for a
 * window are forgotten.
 */
@Component
class RegistrationRateLimit {

    static final int MAX = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int ADDRESSES_KEPT = 100_000;

    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** Counts an attempt; answers when the address may try again if it is over the limit. */
    Optional<Instant> tryAcquire(String address) {
        Instant now = clock.instant();
        if (attempts.size() > ADDRESSES_KEPT) {
            attempts.values().removeIf(times -> times.isEmpty() || times.peekLast().isBefore(now.minus(WINDOW)));
        }
        Deque<Instant> times = attempts.computeIfAbsent(address, key -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= MAX) {
                return Optional.of(times.peekFirst().plus(WINDOW));
            }
            times.addLast(now);
            return Optional.empty();
        }
    }
}
