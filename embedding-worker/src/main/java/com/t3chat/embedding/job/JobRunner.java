package com.t3chat.embedding.job;

import com.t3chat.embedding.document.FileRejected;
import com.t3chat.embedding.pipeline.JobContext;
import com.t3chat.embedding.pipeline.Pipeline;
import com.t3chat.embedding.pipeline.Processed;
import com.t3chat.embedding.scan.ClamdClient;
import com.t3chat.embedding.storage.ObjectStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Works through the attachment jobs on threads of its own, {@code t3chat.jobs.concurrency} at a time: a poller thread
 * claims due jobs from the database ({@code FOR UPDATE SKIP LOCKED}, so replicas share them), renews the leases of
 * the jobs it runs, and stops a job that overran its time budget; each job runs the {@link Pipeline} on a worker
 * thread and writes its outcome. A job whose worker died is resumed by whoever claims it after its lease lapses; a
 * job cancelled by its file's deletion stores nothing. See ADR 0020.
 */
@Component
class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    /** How far past its budget a job that does not stop by itself (stuck in one page) is failed by the poller. */
    private static final Duration OVERDUE_GRACE = Duration.ofSeconds(30);

    private final AttachmentJobs jobs;
    private final Pipeline pipeline;
    private final ObjectStore store;
    private final JobProperties properties;
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService workers;
    private volatile Semaphore slots;
    private volatile boolean stopping;
    private long lastRenewal;

    JobRunner(AttachmentJobs jobs, Pipeline pipeline, ObjectStore store, ClamdClient clamd, JobProperties properties) {
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.store = store;
        this.properties = properties;
        log.info("Attachment jobs: {} at a time, {} each at most; virus scan {}", properties.concurrency(),
                properties.timeBudget(), clamd.configured() ? "by clamd" : "skipped (no CLAMD_HOST)");
    }

    /** Looks for work now (a job was just recorded). */
    void wakeUp() {
        ScheduledExecutorService current = poller;
        if (current != null && !stopping) {
            try {
                current.execute(this::tick);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** Stops the file's job if this instance runs it (its file was deleted); it then stores nothing. */
    void cancel(UUID attachmentId) {
        Running job = running.get(attachmentId);
        if (job != null) {
            log.info("Attachment {} was deleted while it was being processed: its job is cancelled", attachmentId);
            job.cancel();
        }
    }

    @Override
    public void start() {
        stopping = false;
        slots = new Semaphore(properties.concurrency());
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(properties.concurrency(),
                r -> daemon(r, "attachment-job-" + threads.incrementAndGet()));
        poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "attachment-job-poller"));
        poller.scheduleWithFixedDelay(this::tick, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        stopping = true;
        ScheduledExecutorService currentPoller = poller;
        ExecutorService currentWorkers = workers;
        if (currentPoller == null) {
            return;
        }
        currentPoller.shutdownNow();
        running.values().forEach(Running::cancel);
        currentWorkers.shutdown();
        try {
            if (!currentWorkers.awaitTermination(15, TimeUnit.SECONDS)) {
                log.warn("Attachment jobs did not stop within 15 s; they are resumed after their lease lapses");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller = null;
        workers = null;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    private void tick() {
        try {
            renewLeases();
            failOverdue();
            claimWhileFree();
        } catch (RuntimeException e) {
            log.warn("Attachment job round failed, will retry: {}", e.toString());
        }
    }

    private void claimWhileFree() {
        while (!stopping && slots.tryAcquire()) {
            ClaimedJob job;
            try {
                job = jobs.claim(properties.lease()).block(DB_TIMEOUT);
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
            if (job == null) {
                slots.release();
                return;
            }
            launch(job);
        }
    }

    private void launch(ClaimedJob job) {
        if (job.attempts() > properties.maxAttempts()) {
            try {
                log.warn("Attachment {} was claimed {} times without an outcome: failed", job.id(), job.attempts());
                jobs.fail(job, FileRejected.INTERNAL, ("The file could not be processed: the worker stopped %d times "
                        + "while reading it.").formatted(job.attempts() - 1)).block(DB_TIMEOUT);
            } finally {
                slots.release();
            }
            return;
        }
        var context = new JobContext(properties.timeBudget(), new JobProgress(jobs, job, properties.progressInterval()));
        var entry = new Running(job, context);
        running.put(job.id(), entry);
        try {
            entry.future = workers.submit(() -> run(entry));
        } catch (RejectedExecutionException e) {
            running.remove(job.id());
            slots.release();
            jobs.release(job).block(DB_TIMEOUT);
        }
    }

    private void run(Running entry) {
        ClaimedJob job = entry.job;
        long started = System.nanoTime();
        try {
            Processed result = pipeline.process(job.attachment(), entry.context);
            boolean stored = Boolean.TRUE.equals(jobs.complete(job, result).block(DB_TIMEOUT));
            if (stored) {
                log.info("Attachment {} ready: {} pages ({} by OCR), {} chunks, in {} ms", job.id(), result.pages(),
                        result.ocrPages(), result.chunks().size(), (System.nanoTime() - started) / 1_000_000);
            } else {
                discarded(job, result.previewKey());
            }
        } catch (CancellationException e) {
            cancelled(entry);
        } catch (FileRejected e) {
            if (entry.context.cancelled()) {
                cancelled(entry);
            } else {
                log.info("Attachment {} failed ({}): {}", job.id(), e.code(), e.reason());
                write(() -> jobs.fail(job, e.code(), e.reason()).block(DB_TIMEOUT));
            }
        } catch (OutOfMemoryError e) {
            log.error("Attachment {} needed more memory than the worker has", job.id(), e);
            write(() -> jobs.fail(job, FileRejected.INTERNAL, "The file needs more memory than the worker has.")
                    .block(DB_TIMEOUT));
        } catch (RuntimeException e) {
            if (entry.context.cancelled()) {
                cancelled(entry);
            } else {
                failedToProcess(job, e);
            }
        } finally {
            running.remove(job.id());
            slots.release();
            wakeUp();
        }
    }

    /** Something the pipeline depends on failed (or a bug): tried again later, failed for good after max attempts. */
    private void failedToProcess(ClaimedJob job, RuntimeException e) {
        if (job.attempts() >= properties.maxAttempts()) {
            log.error("Attachment {} failed for good after {} attempts", job.id(), job.attempts(), e);
            write(() -> jobs.fail(job, FileRejected.INTERNAL, reasonFor(e)).block(DB_TIMEOUT));
        } else {
            Duration delay = properties.retryDelay().multipliedBy(job.attempts());
            log.warn("Attachment {} will be tried again in {}: {}", job.id(), delay, e.toString());
            write(() -> jobs.retryLater(job, delay, e.toString()).block(DB_TIMEOUT));
        }
    }

    private static String reasonFor(RuntimeException e) {
        if (e instanceof ClamdClient.ClamdUnavailableException) {
            return "The virus scanner could not be reached, so the file was not read.";
        }
        if (e instanceof ObjectStore.ObjectStoreException) {
            return "The file could not be read from storage.";
        }
        return "The file could not be processed (an internal error).";
    }

    private void cancelled(Running entry) {
        if (stopping && !entry.timedOut) {
            write(() -> jobs.release(entry.job).block(DB_TIMEOUT));
        } else {
            log.info("Attachment {}: job cancelled, nothing stored", entry.job.id());
        }
    }

    /** The job lost its claim (deleted, or timed out by the poller) after it was done: what it wrote goes. */
    private void discarded(ClaimedJob job, String previewKey) {
        log.info("Attachment {} was deleted (or taken over) while it was processed: result discarded", job.id());
        if (previewKey != null) {
            store.remove(previewKey);
        }
    }

    /** Writes an outcome from a worker thread whose interrupt flag may be set (a cancel that came too late). */
    private static void write(Runnable outcome) {
        boolean interrupted = Thread.interrupted();
        try {
            outcome.run();
        } catch (RuntimeException e) {
            log.warn("An attachment job's outcome could not be written (the job is resumed after its lease): {}",
                    e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void renewLeases() {
        long now = System.nanoTime();
        if (running.isEmpty() || now - lastRenewal < properties.lease().toNanos() / 3) {
            return;
        }
        lastRenewal = now;
        List<Running> current = List.copyOf(running.values());
        Set<UUID> held = new HashSet<>(jobs.renew(current.stream().map(r -> r.job.claimToken()).toList(),
                properties.lease()).block(DB_TIMEOUT));
        for (Running job : current) {
            if (!held.contains(job.job.claimToken()) && running.containsKey(job.job.id())) {
                log.info("Attachment {}: its job is no longer held (deleted or taken over): cancelled", job.job.id());
                job.cancel();
            }
        }
    }

    /** A job past its budget that did not stop by itself (one page that never ends) is failed from here. */
    private void failOverdue() {
        for (Running job : running.values()) {
            if (!job.timedOut && job.context.overdue(OVERDUE_GRACE)) {
                job.timedOut = true;
                log.warn("Attachment {} overran its time budget and did not stop: failed", job.job.id());
                job.cancel();
                jobs.fail(job.job, FileRejected.TIMEOUT, job.context.timedOut().reason()).block(DB_TIMEOUT);
            }
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A job running on this instance. */
    private static final class Running {

        final ClaimedJob job;
        final JobContext context;
        volatile Future<?> future;
        volatile boolean timedOut;

        Running(ClaimedJob job, JobContext context) {
            this.job = job;
            this.context = context;
        }

        void cancel() {
            context.cancel();
            Future<?> current = future;
            if (current != null) {
                current.cancel(true);
            }
        }
    }
}
