package com.t3chat.llm.egress;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many exchanges may be open at once to one {@code host:port}, whatever carries them. Over HTTP/1.1 each holds a
 * connection and the pool counts them; over HTTP/2 many share one connection that no pool counts, so where both
 * transports reach a destination the limit is kept here, on exchanges. A wait longer than the pool wait is a
 * {@link PoolBusyException}. One fair semaphore per destination: only the operator's https endpoints, a short list.
 */
final class StreamPermits {

    private final int defaultLimit;
    private final Map<String, Integer> limits;
    private final Duration wait;
    private final Map<String, Semaphore> open = new ConcurrentHashMap<>();

    /** @param limits {@code host:port} (lower case) → its own limit instead of {@code defaultLimit} */
    StreamPermits(int defaultLimit, Map<String, Integer> limits, Duration wait) {
        this.defaultLimit = defaultLimit;
        this.limits = Map.copyOf(limits);
        this.wait = wait;
    }

    /** Takes a permit for {@code destination} ({@code host:port}), waiting up to the pool wait; run it once to give it back. */
    Runnable acquire(String destination) throws InterruptedIOException {
        Semaphore permits = open.computeIfAbsent(destination,
                key -> new Semaphore(limits.getOrDefault(key, defaultLimit), true));
        try {
            if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new PoolBusyException(destination, wait, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a free stream to " + destination);
        }
        return permits::release;
    }
}
