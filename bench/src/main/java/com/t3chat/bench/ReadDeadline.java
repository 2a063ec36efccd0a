package com.t3chat.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts a thread reading a stream (its blocked read then fails) once {@code after} has passed, unless cancelled
 * first: a reply that never ends counts as failed ("timed out") instead of holding the run up.
 */
final class ReadDeadline {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reply-deadlines").factory());

    private final ScheduledFuture<?> timer;
    private boolean cancelled;
    private boolean passed;

    ReadDeadline(Thread reader, Duration after) {
        timer = TIMERS.schedule(() -> {
            synchronized (this) {
                if (!cancelled) {
                    passed = true;
                    reader.interrupt();
                }
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized boolean passed() {
        return passed;
    }

    synchronized void cancel() {
        cancelled = true;
        timer.cancel(false);
        if (passed) {
            Thread.interrupted(); // the interrupt was for the read that timed out, not for the caller
        }
    }
}
