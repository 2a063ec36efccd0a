package com.t3chat.chat.stream;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * The database writes that reply events cause (a claim, a title, a reply's end), made so that they survive an outage
 * of the database: each is retried with capped backoff until it succeeds (for at most {@code record-for}). Submitting
 * never blocks the Kafka listener thread: writes go into a bounded queue and run from there, those of one reply one
 * after the other in the order their events arrived (a title before the end; a reply's subscribers get its end only
 * once it is stored), those of different replies side by side (at most {@code write-concurrency} at a time). When the
 * queue passes 80 % of {@code max-queued-writes} (a long database outage) the reply listener is paused, so that memory
 * stays bounded — which also pauses the deltas of every reply on this replica — and resumed once it is below 20 %.
 * A replica that restarts during an outage re-reads the reply topic's last minutes and so writes those ends again
 * (every replica tries; the first write wins).
 *
 * <p>Per-reply order is kept by chaining each write onto the reply's previous one rather than by {@code groupBy}: a
 * group per reply would have to be completed by hand when its reply goes quiet, or its slot in the bounded
 * {@code flatMap} would be held forever.
 */
@Component
class ReplyWrites {

    private static final Logger log = LoggerFactory.getLogger(ReplyWrites.class);
    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final StreamProperties properties;
    private final Runnable pauseIntake;
    private final Runnable resumeIntake;
    private final Sinks.Many<Write> queue;
    private final Map<UUID, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final int pauseAbove;
    private final int resumeBelow;

    @Autowired
    ReplyWrites(StreamProperties properties, KafkaListenerEndpointRegistry listeners) {
        this(properties, () -> relay(listeners).pause(), () -> relay(listeners).resume());
    }

    /** @param pauseIntake stops the reply events coming in (the reply listener), {@code resumeIntake} restarts them */
    ReplyWrites(StreamProperties properties, Runnable pauseIntake, Runnable resumeIntake) {
        this.properties = properties;
        this.pauseIntake = pauseIntake;
        this.resumeIntake = resumeIntake;
        int capacity = properties.maxQueuedWrites();
        this.pauseAbove = Math.max(1, capacity * 8 / 10);
        this.resumeBelow = capacity * 2 / 10;
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Write>get(capacity).get());
        queue.asFlux()
                .flatMap(this::afterEarlierWrites, properties.writeConcurrency())
                .subscribe();
    }

    /**
     * Queues {@code write} after the reply's earlier writes; it is retried until the database takes it. Never waits;
     * refuses (an exception, so that the listener's record is delivered again) only if the queue is full, which the
     * pause at 80 % keeps from happening.
     */
    synchronized void submit(UUID replyId, String what, Supplier<Mono<Void>> write) {
        int now = waiting.incrementAndGet();
        Sinks.EmitResult result = queue.tryEmitNext(new Write(replyId, what, write));
        if (result.isFailure()) {
            waiting.decrementAndGet();
            throw new IllegalStateException("Too many reply writes wait for the database (" + result + ")");
        }
        if (now >= pauseAbove && paused.compareAndSet(false, true)) {
            log.warn("{} reply writes wait for the database: pausing the reply listener", now);
            pauseIntake.run();
        }
    }

    /** Writes waiting or running now. */
    int waiting() {
        return waiting.get();
    }

    /** Runs on the queue's single drain: the tails are swapped in the order the writes were queued. */
    private Mono<Void> afterEarlierWrites(Write write) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> earlier = tails.put(write.replyId(), mine);
        Mono<Void> before = earlier == null ? Mono.empty() : Mono.fromFuture(earlier, true);
        return before.then(durably(write))
                .doFinally(signal -> {
                    tails.remove(write.replyId(), mine);
                    mine.complete(null);
                    done();
                });
    }

    private void done() {
        int now = waiting.decrementAndGet();
        if (now <= resumeBelow && paused.compareAndSet(true, false)) {
            log.info("{} reply writes wait: resuming the reply listener", now);
            resumeIntake.run();
        }
    }

    private Mono<Void> durably(Write write) {
        return Mono.defer(write.write())
                .timeout(TRY_TIMEOUT)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF)
                        .doBeforeRetry(retry -> {
                            if (retry.totalRetries() == 0) {
                                log.warn("The {} of reply {} cannot be stored yet ({}); retrying for up to {}",
                                        write.what(), write.replyId(), retry.failure().toString(),
                                        properties.recordFor());
                            }
                        }))
                .timeout(properties.recordFor())
                .onErrorResume(error -> {
                    log.error("The {} of reply {} could not be stored within {}", write.what(), write.replyId(),
                            properties.recordFor(), error);
                    return Mono.empty();
                });
    }

    private static MessageListenerContainer relay(KafkaListenerEndpointRegistry listeners) {
        MessageListenerContainer container = listeners.getListenerContainer(ReplyListener.ID);
        if (container == null) {
            throw new IllegalStateException("no listener container " + ReplyListener.ID);
        }
        return container;
    }

    private record Write(UUID replyId, String what, Supplier<Mono<Void>> write) {
    }
}
