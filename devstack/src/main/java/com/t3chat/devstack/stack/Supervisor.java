package com.t3chat.devstack.stack;

import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.ProcessTerminator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts a part again when its process dies while the stack runs: after {@link RestartBackoff#delay} (longer with
 * every crash in a row), through the part's own start action, which waits until it is healthy. A restart that fails
 * counts as one more crash and is tried again later. Parts the stack stops on purpose are {@link #forget forgotten}
 * first; after {@link #close()} nothing is restarted any more.
 */
final class Supervisor implements AutoCloseable {

    /**
     * One watched part: its current process (null while a restart is pending), the processes that process had
     * started (kc.sh's java outlives a kc.sh killed alone), and its crash streak.
     */
    private record Watched(ChildProcess process, List<ProcessHandle> descendants, Supplier<ChildProcess> start,
                           long upSinceNanos, int crashesInARow) {
    }

    private final RestartBackoff backoff;
    private final RestartCounts counts;
    private final Consumer<String> log;
    private final Map<String, Watched> parts = new ConcurrentHashMap<>();
    // a restart waits until the part is healthy: a few threads, so that one slow part does not hold up the others
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "devstack-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    Supervisor(RestartBackoff backoff, RestartCounts counts, Consumer<String> log) {
        this.backoff = backoff;
        this.counts = counts;
        this.log = log;
    }

    /**
     * Watches a healthy {@code process} of {@code part}; if it dies, {@code start} starts the part again (it must
     * return the new process once it is healthy, or throw).
     */
    void watch(String part, ChildProcess process, Supplier<ChildProcess> start) {
        watch(part, new Watched(process, process.process().descendants().toList(), start, System.nanoTime(), 0));
    }

    /** The stack stops or replaces {@code part} itself: its exit is not a crash. */
    void forget(String part) {
        parts.remove(part);
    }

    int restarts(String part) {
        return counts.of(part);
    }

    private void watch(String part, Watched watched) {
        if (closed) {
            return;
        }
        parts.put(part, watched);
        watched.process().process().onExit().thenAccept(exited -> crashed(part, watched, exited.exitValue()));
    }

    private void crashed(String part, Watched watched, int exitCode) {
        Watched pending;
        synchronized (this) {
            if (closed || parts.get(part) != watched) {
                return;
            }
            Duration up = Duration.ofNanos(System.nanoTime() - watched.upSinceNanos());
            int crashes = backoff.crashesInARow(watched.crashesInARow(), up);
            pending = new Watched(null, watched.descendants(), watched.start(), 0, crashes);
            parts.put(part, pending);
            log.accept("WARNING: %s exited with code %d after %s up — restarting it in %s (crash %d in a row; see %s)"
                    .formatted(part, exitCode, seconds(up), seconds(backoff.delay(crashes)), crashes,
                            watched.process().logFile()));
        }
        schedule(part, pending);
    }

    private void schedule(String part, Watched pending) {
        try {
            scheduler.schedule(() -> restart(part, pending), backoff.delay(pending.crashesInARow()).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void restart(String part, Watched pending) {
        if (closed || parts.get(part) != pending) {
            return;
        }
        for (ProcessHandle orphan : pending.descendants()) {
            if (orphan.isAlive()) {
                log.accept("stopping what %s had started: pid %d".formatted(part, orphan.pid()));
                ProcessTerminator.terminate(orphan, ProcessTerminator.DEFAULT_GRACE);
            }
        }
        int restart = counts.increment(part);
        log.accept("restarting %s (restart %d)".formatted(part, restart));
        long begin = System.nanoTime();
        ChildProcess process;
        try {
            process = pending.start().get();
        } catch (RuntimeException e) {
            if (closed || parts.get(part) != pending) {
                return;
            }
            Watched again = new Watched(null, List.of(), pending.start(), 0, pending.crashesInARow() + 1);
            parts.put(part, again);
            log.accept("WARNING: restarting %s failed — trying again in %s: %s".formatted(part,
                    seconds(backoff.delay(again.crashesInARow())), firstLine(e.getMessage())));
            schedule(part, again);
            return;
        }
        synchronized (this) {
            if (closed || parts.get(part) != pending) {
                return;
            }
            log.accept("%s is back (restart %d, healthy after %s)".formatted(part, restart,
                    seconds(Duration.ofNanos(System.nanoTime() - begin))));
            watch(part, new Watched(process, process.process().descendants().toList(), pending.start(),
                    System.nanoTime(), pending.crashesInARow()));
        }
    }

    /** Stops restarting anything (the stack is stopping). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            parts.clear();
        }
        scheduler.shutdownNow();
    }

    private static String seconds(Duration duration) {
        return "%.1f s".formatted(duration.toMillis() / 1000.0);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
