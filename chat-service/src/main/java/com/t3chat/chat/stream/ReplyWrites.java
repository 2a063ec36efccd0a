package com.t3chat.chat.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The database writes that reply events cause (a claim, a title, a reply's end), made so that they survive an outage
 * of the database: each is retried with capped backoff until it succeeds (for at most {@code record-for}), without
 * holding up the Kafka listener — the deltas of other replies keep flowing to their streams meanwhile. Writes of one
 * reply run one after the other, in the order their events arrived (a title before the end), and a reply's
 * subscribers get its end only once it is stored. At most {@value #MAX_WAITING} writes wait at a time; beyond that
 * the listener waits too (back-pressure), so memory stays bounded. A replica that restarts during an outage re-reads
 * the reply topic's last minutes and so writes those ends again (every replica tries; the first write wins).
 */
@Component
class ReplyWrites {

    static final int MAX_WAITING = 1000;
    private static final Logger log = LoggerFactory.getLogger(ReplyWrites.class);
    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Map<UUID, CompletableFuture<Void>> tails = new HashMap<>();
    private final Semaphore room = new Semaphore(MAX_WAITING);
    private final StreamProperties properties;

    ReplyWrites(StreamProperties properties) {
        this.properties = properties;
    }

    /** Runs {@code write} after the reply's earlier writes, retrying it until the database takes it. */
    void submit(UUID replyId, String what, Supplier<Mono<Void>> write) {
        room.acquireUninterruptibly();
        CompletableFuture<Void> next;
        synchronized (tails) {
            CompletableFuture<Void> previous = tails.getOrDefault(replyId, CompletableFuture.completedFuture(null));
            next = previous.thenCompose(ignored -> durably(replyId, what, write).toFuture());
            tails.put(replyId, next);
        }
        CompletableFuture<Void> mine = next;
        mine.whenComplete((ok, error) -> {
            room.release();
            synchronized (tails) {
                tails.remove(replyId, mine);
            }
        });
    }

    /** Writes waiting or running now. */
    int waiting() {
        return MAX_WAITING - room.availablePermits();
    }

    private Mono<Void> durably(UUID replyId, String what, Supplier<Mono<Void>> write) {
        return Mono.defer(write)
                .timeout(TRY_TIMEOUT)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF)
                        .doBeforeRetry(retry -> {
                            if (retry.totalRetries() == 0) {
                                log.warn("The {} of reply {} cannot be stored yet ({}); retrying for up to {}", what,
                                        replyId, retry.failure().toString(), properties.recordFor());
                            }
                        }))
                .timeout(properties.recordFor())
                .onErrorResume(error -> {
                    log.error("The {} of reply {} could not be stored within {}", what, replyId,
                            properties.recordFor(), error);
                    return Mono.empty();
                });
    }
}
