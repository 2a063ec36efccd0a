package com.t3chat.embedding.job;

import com.t3chat.embedding.document.Checkpoint;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A running job's progress as AttachmentProcessing events, at most one per {@code t3chat.jobs.progress-interval}
 * (the first at once). Each is written only while the job is still held, so writing it is also how a job learns that
 * its file was deleted or that another instance took it over: it is then cancelled.
 */
final class JobProgress implements Checkpoint {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final AttachmentJobs jobs;
    private final ClaimedJob job;
    private final long intervalNanos;
    private long lastAt;
    private boolean any;

    JobProgress(AttachmentJobs jobs, ClaimedJob job, Duration interval) {
        this.jobs = jobs;
        this.job = job;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void reached(String stage, int pagesDone, int pages) {
        long now = System.nanoTime();
        if (any && now - lastAt < intervalNanos) {
            return;
        }
        any = true;
        lastAt = now;
        if (!Boolean.TRUE.equals(jobs.progress(job, stage, pagesDone, pages).block(WRITE_TIMEOUT))) {
            throw new CancellationException("the job of " + job.id() + " is no longer held");
        }
    }
}
