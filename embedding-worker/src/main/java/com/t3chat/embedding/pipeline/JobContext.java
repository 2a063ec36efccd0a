package com.t3chat.embedding.pipeline;

import com.t3chat.embedding.document.Checkpoint;
import com.t3chat.embedding.document.FileRejected;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * One running job's budget and brakes. Every stage passes through {@link #reached} between pages and batches: it
 * stops the job when it was cancelled (the file was deleted, the worker is stopping) or has used its time budget,
 * and hands the progress on.
 */
public final class JobContext implements Checkpoint {

    private final Duration budget;
    private final long deadline;
    private final Checkpoint progress;
    private volatile boolean cancelled;

    /** @param progress where progress goes (it may throw {@link CancellationException} itself) */
    public JobContext(Duration budget, Checkpoint progress) {
        this.budget = budget;
        this.deadline = System.nanoTime() + budget.toNanos();
        this.progress = progress;
    }

    @Override
    public void reached(String stage, int pagesDone, int pages) {
        check();
        progress.reached(stage, pagesDone, pages);
    }

    /** @throws CancellationException when cancelled; {@link FileRejected} ({@code timeout}) when out of time */
    public void check() {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("job cancelled");
        }
        if (System.nanoTime() - deadline > 0) {
            throw timedOut();
        }
    }

    public FileRejected timedOut() {
        return new FileRejected(FileRejected.TIMEOUT,
                "Processing took longer than the limit of %s.".formatted(describe(budget)));
    }

    @Override
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    public boolean overdue(Duration grace) {
        return System.nanoTime() - deadline - grace.toNanos() > 0;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 60 == 0) {
            long minutes = seconds / 60;
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }
}
