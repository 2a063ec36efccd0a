package com.t3chat.platform.events;

import com.t3chat.contracts.EventHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka and marks them sent, in two ways:
 * <ul>
 * <li><b>eagerly</b>: right after a transaction commits, {@link OutboxWriter} hands its rows (in append order) to
 * {@link #publishNow(List)}, which sends them at once, without reading them back, on one thread of its own (so sends
 * keep the order of the commits that reached it); their {@code sent_at} is set in batches (every
 * {@value #MARK_SENT_BATCH} ids or {@link #MARK_SENT_EVERY}).</li>
 * <li><b>by the poller</b>: every {@code poll-interval} unsent rows are claimed with {@code FOR UPDATE SKIP LOCKED}
 * (replicas share the work), sent in id order and marked sent. While eager publishing is on, the poller only takes
 * rows older than {@code t3chat.outbox.eager-grace}: the rows whose eager send was lost (a crash between commit
 * and send, a replica stopped).</li>
 * </ul>
 * An eager send that fails for a reason a retry can fix (the broker is unreachable, a timeout) turns eager
 * publishing <em>off</em>: later commits leave their rows to the poller, which then takes every unsent row whatever
 * its age, in id order, and turns eager publishing on again only once a round finds no unsent row and no commit left
 * rows to it meanwhile. So rows with one key keep their order across a broker outage. A relay also starts with eager
 * publishing off (rows a previous run left unsent go first). Across replicas the order holds for rows committed on
 * one replica; the rows of a replica that died unsent are sent by another after the grace, possibly after newer rows
 * with the same key.
 * <p>
 * Each row's send has its own outcome: rows that failed to send stay unsent and are retried by the poller, so
 * nothing is lost across a broker outage or a restart; a row that can never be sent (too large, invalid topic) or
 * that kept failing while others went out is <em>parked</em> by the poller — no longer selected, kept for an
 * operator, announced as an {@link OutboxEventParked} application event — so that one record never blocks the rows
 * behind it (an eager send that fails so parks its row at once and leaves eager publishing on). An event can be
 * published twice (a retry; an eager send whose {@code sent_at} was not recorded in time): consumers are idempotent.
 */
public class OutboxRelay implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final int MARK_SENT_BATCH = 500;
    static final Duration MARK_SENT_EVERY = Duration.ofMillis(20);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final ApplicationEventPublisher publisher;
    private final ObjectProvider<MeterRegistry> meters;
    /** Eager sends, one at a time in the order of the commits (a send may block for max.block.ms). */
    private final Scheduler eagerSends = Schedulers.newSingle("outbox-eager", true);
    private final Object eagerState = new Object();
    /** Guarded by {@link #eagerState}: whether commits publish their own rows now. */
    private boolean eager;
    /** Guarded by {@link #eagerState}: commits that left their rows to the poller because eager publishing was off. */
    private long leftToPoller;
    private volatile Sinks.Many<Boolean> wakeUps = newWakeUps();
    private volatile Sinks.Many<Long> sentIds = newSentIds();
    private volatile Disposable running;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, String> kafka,
            OutboxProperties properties, ApplicationEventPublisher publisher, ObjectProvider<MeterRegistry> meters) {
        this.db = db;
        this.tx = tx;
        this.kafka = kafka;
        this.properties = properties;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** Asks for a relay round now (the poller's), e.g. when rows are waiting that no eager send will take. */
    public void wakeUp() {
        wakeUps.tryEmitNext(Boolean.TRUE);
    }

    /**
     * Sends rows that just committed (one transaction's, in append order), unless eager publishing is off: then
     * they are left to the poller. Returns at once; never fails.
     */
    void publishNow(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            eagerSends.schedule(() -> sendEagerly(rows));
        } catch (RejectedExecutionException e) {
            // closed: the poller of the next start (or another replica's) sends them
        }
    }

    /** Whether commits publish their own rows now (false while the poller catches up). */
    boolean publishingEagerly() {
        synchronized (eagerState) {
            return eager;
        }
    }

    private void sendEagerly(List<OutboxRow> rows) {
        for (OutboxRow row : rows) {
            if (!eagerOrLeftToPoller()) {
                // this row and the rest of its transaction's go out with the poller, in id order
                wakeUp();
                return;
            }
            send(row).thenAccept(this::eagerOutcome);
        }
    }

    /** True when eager publishing is on; else counts a commit left to the poller and answers false. */
    private boolean eagerOrLeftToPoller() {
        synchronized (eagerState) {
            if (!eager) {
                leftToPoller++;
            }
            return eager;
        }
    }

    private void eagerOutcome(Outcome outcome) {
        if (outcome.sent()) {
            markSentSoon(outcome.event().id());
            return;
        }
        OutboxEventParked.Reason never = neverSendable(outcome.failure());
        if (never != null) {
            // no retry fixes it and nothing waits behind it: parked now, so that what waits on it fails at once
            // (should this fail, the poller parks it after the grace)
            OutboxRow event = outcome.event();
            String failure = describe(outcome.failure());
            db.sql("update outbox set parked_at = now(), failure = :failure, attempts = attempts + 1"
                            + " where id = :id and parked_at is null and sent_at is null")
                    .bind("failure", failure)
                    .bind("id", event.id())
                    .fetch()
                    .rowsUpdated()
                    .filter(rows -> rows == 1)
                    .flatMap(rows -> announce(List.of(parked(event, never, failure))))
                    .subscribe(null, e -> log.debug("Outbox event {} is left to the poller to park: {}",
                            event.eventId(), e.toString()));
            return;
        }
        boolean wasOn;
        synchronized (eagerState) {
            wasOn = eager;
            eager = false;
        }
        if (wasOn) {
            log.warn("Outbox event {} could not be sent at once ({}): eager publishing is off until the poller has "
                    + "sent every waiting row", outcome.event().eventId(), describe(outcome.failure()));
        }
        wakeUp();
    }

    /** Turns eager publishing on, unless a commit left rows to the poller since {@code leftBefore} was read. */
    private void eagerAgainUnless(long leftBefore) {
        synchronized (eagerState) {
            if (!eager && running != null && leftToPoller == leftBefore) {
                eager = true;
                log.info("Outbox relay caught up: rows are published at commit again");
            }
        }
    }

    private void markSentSoon(long id) {
        try {
            sentIds.emitNext(id, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        } catch (Sinks.EmissionException e) {
            // stopped meanwhile: the row is sent again by the poller after the grace (consumers are idempotent)
        }
    }

    private static Sinks.Many<Boolean> newWakeUps() {
        return Sinks.many().multicast().directBestEffort();
    }

    private static Sinks.Many<Long> newSentIds() {
        return Sinks.many().unicast().onBackpressureBuffer();
    }

    @Override
    public void start() {
        wakeUps = newWakeUps();
        sentIds = newSentIds();
        Flux<Object> rounds = Flux.merge(Flux.interval(Duration.ZERO, properties.pollInterval()).map(tick -> true),
                        wakeUps.asFlux())
                .onBackpressureLatest()
                .concatMap(tick -> relayUntilEmpty(), 1);
        Flux<Object> purges = Flux.interval(Duration.ofMinutes(1), Duration.ofMinutes(10))
                .onBackpressureDrop()
                .concatMap(tick -> purgeSent(), 1);
        Flux<Object> marks = sentIds.asFlux()
                .bufferTimeout(MARK_SENT_BATCH, MARK_SENT_EVERY, true)
                .concatMap(this::markSentIds);
        synchronized (eagerState) {
            eager = false; // the first rounds send what a previous run left, then eager publishing starts
            running = Disposables.composite(rounds.subscribe(), purges.subscribe());
        }
        // not disposed at stop: ends after recording the ids already acknowledged
        marks.subscribe();
    }

    @Override
    public void stop() {
        Disposable current;
        synchronized (eagerState) {
            eager = false;
            current = running;
            running = null;
        }
        if (current != null) {
            current.dispose();
        }
        sentIds.tryEmitComplete();
    }

    @Override
    public void close() {
        stop();
        eagerSends.dispose();
    }

    /** Stops after the listeners and generators (which may still write to the outbox while shutting down). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /**
     * Batches until one finds nothing to do: a full batch that progressed is followed by another at once, and so is
     * any batch that progressed while eager publishing is off (until one finds no row and turns it on).
     */
    private Mono<Object> relayUntilEmpty() {
        return relayBatch()
                .expand(round -> round.progressed() && (round.claimed() == properties.batchSize() || !round.eager())
                        ? relayBatch() : Mono.empty())
                .then(Mono.empty())
                .onErrorResume(e -> {
                    log.warn("Outbox relay round failed, will retry: {}", e.toString());
                    return Mono.empty();
                });
    }

    /**
     * Sends one batch of unsent rows in id order and records each row's outcome: sent rows are marked sent, a row
     * that can never be sent is parked, other failures are left for the next round (and counted against the row
     * when other rows of the batch went out). Parked rows are announced after the commit.
     */
    private Mono<Round> relayBatch() {
        return Mono.defer(() -> {
            boolean eagerNow;
            long leftBefore;
            synchronized (eagerState) {
                eagerNow = eager;
                leftBefore = leftToPoller;
            }
            // eager publishing on: only rows whose eager send was lost; off: every unsent row, whatever its age
            Mono<Round> batch = db.sql("""
                            select id, event_id, topic, event_key, event_type, payload::text as payload
                            from outbox where sent_at is null and parked_at is null
                              and (not :eager or created_at < now() - make_interval(secs => :grace))
                            order by id limit :limit for update skip locked""")
                    .bind("eager", eagerNow)
                    .bind("grace", properties.eagerGrace().toNanos() / 1e9)
                    .bind("limit", properties.batchSize())
                    .map(row -> new OutboxRow(row.get("id", Long.class), row.get("event_id", UUID.class),
                            row.get("topic", String.class), row.get("event_key", String.class),
                            row.get("event_type", String.class), row.get("payload", String.class)))
                    .all()
                    .collectList()
                    .flatMap(events -> events.isEmpty() ? Mono.just(Round.NOTHING)
                            : send(events).flatMap(this::record));
            return tx.transactional(batch)
                    .flatMap(round -> announce(round.parked()).thenReturn(round.when(eagerNow)))
                    .doOnNext(round -> {
                        if (!eagerNow && round.claimed() == 0) {
                            eagerAgainUnless(leftBefore);
                        }
                    });
        });
    }

    /** Each event's outcome: null when it was sent, else the failure. Never fails itself. */
    private Mono<List<Outcome>> send(List<OutboxRow> events) {
        // send() may block while the broker is unreachable (max.block.ms): keep that off the R2DBC threads
        return Mono.fromCallable(() -> events.stream().map(this::send).toList())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(futures -> Mono.fromFuture(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)))
                        .then(Mono.fromCallable(() -> futures.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<Outcome> send(OutboxRow event) {
        var record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
        record.headers().add(EventHeaders.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
        try {
            return kafka.send(record).handle((sent, failure) -> new Outcome(event, failure));
        } catch (RuntimeException e) {
            // a failure the producer throws instead of returning (e.g. serialization)
            return CompletableFuture.completedFuture(new Outcome(event, e));
        }
    }

    private Mono<Round> record(List<Outcome> outcomes) {
        List<OutboxRow> sent = outcomes.stream().filter(Outcome::sent).map(Outcome::event).toList();
        List<Outcome> failed = outcomes.stream().filter(o -> !o.sent()).toList();
        List<Outcome> retryable = failed.stream().filter(o -> neverSendable(o.failure()) == null).toList();
        if (!retryable.isEmpty() && sent.isEmpty()) {
            // nothing went out (typically the broker is unreachable): no row is to blame; all stay for next round
            log.warn("Outbox relay could not send {} event(s), will retry: {}", retryable.size(),
                    describe(retryable.getFirst().failure()));
        }
        return markSent(sent)
                .then(Flux.fromIterable(failed)
                        .concatMap(outcome -> failed(outcome, !sent.isEmpty()))
                        .collectList())
                .map(parked -> new Round(outcomes.size(), sent.size(), parked, false));
    }

    /** Parks the row when it can never be sent, or when it kept failing while others went out; else leaves it. */
    private Mono<OutboxEventParked> failed(Outcome outcome, boolean othersWentOut) {
        OutboxRow event = outcome.event();
        String failure = describe(outcome.failure());
        OutboxEventParked.Reason never = neverSendable(outcome.failure());
        if (never != null) {
            return park(event, failure, 1).thenReturn(parked(event, never, failure));
        }
        if (!othersWentOut) {
            return Mono.empty();
        }
        log.warn("Outbox event {} ({} to {}) failed while others were sent: {}", event.eventId(), event.type(),
                event.topic(), failure);
        return db.sql("""
                        update outbox set attempts = attempts + 1, failure = :failure where id = :id
                        returning attempts""")
                .bind("failure", failure)
                .bind("id", event.id())
                .map(row -> row.get("attempts", Integer.class))
                .one()
                .filter(attempts -> attempts >= properties.maxAttempts())
                .flatMap(attempts -> park(event, failure, 0)
                        .thenReturn(parked(event, OutboxEventParked.Reason.KEPT_FAILING, failure)));
    }

    private Mono<Void> park(OutboxRow event, String failure, int moreAttempts) {
        return db.sql("update outbox set parked_at = now(), failure = :failure, attempts = attempts + :more"
                        + " where id = :id")
                .bind("failure", failure)
                .bind("more", moreAttempts)
                .bind("id", event.id())
                .then();
    }

    private static OutboxEventParked parked(OutboxRow event, OutboxEventParked.Reason reason, String failure) {
        return new OutboxEventParked(event.eventId(), event.topic(), event.key(), event.type(), event.payload(),
                reason, failure);
    }

    /** What no retry can fix, or null: too large for the producer or broker, an invalid topic, unserializable. */
    static OutboxEventParked.Reason neverSendable(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
                return OutboxEventParked.Reason.TOO_LARGE;
            }
            if (e instanceof InvalidTopicException || e instanceof SerializationException
                    || e instanceof InvalidRecordException) {
                return OutboxEventParked.Reason.REJECTED;
            }
        }
        return null;
    }

    /** The innermost cause's class and message (the Kafka error, not Spring's wrapper), bounded in length. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    /** Logs, counts and publishes each parked row, after the commit; a listener's failure does not stop the relay. */
    private Mono<Void> announce(List<OutboxEventParked> parked) {
        if (parked.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(parked)
                .doOnNext(p -> {
                    log.warn("Outbox event {} ({} to {}, key {}) was PARKED ({}) and will not be sent: {}. "
                            + "The row stays in the outbox (parked_at set) for an operator.", p.eventId(),
                            p.eventType(), p.topic(), p.key(), p.reason(), p.failure());
                    meters.ifAvailable(registry -> registry.counter("t3chat.outbox.parked", "topic", p.topic(),
                            "reason", p.reason().name()).increment());
                    try {
                        publisher.publishEvent(p);
                    } catch (RuntimeException e) {
                        log.error("A listener of parked outbox event {} failed", p.eventId(), e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    private Mono<Void> markSent(List<OutboxRow> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        Long[] ids = events.stream().map(OutboxRow::id).toArray(Long[]::new);
        return db.sql("update outbox set sent_at = now() where id = any(:ids)")
                .bind("ids", ids)
                .then();
    }

    /** Records eagerly sent rows as sent (a row the poller sent meanwhile keeps its time). */
    private Mono<Object> markSentIds(List<Long> ids) {
        return db.sql("update outbox set sent_at = now() where id = any(:ids) and sent_at is null")
                .bind("ids", ids.toArray(Long[]::new))
                .then()
                .then(Mono.empty())
                .onErrorResume(e -> {
                    // the rows stay unsent and go out again with the poller after the grace
                    log.warn("Could not record {} eagerly sent outbox row(s) as sent: {}", ids.size(), e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Object> purgeSent() {
        return db.sql("delete from outbox where sent_at < now() - make_interval(secs => :seconds)")
                .bind("seconds", (double) properties.retention().toSeconds())
                .fetch()
                .rowsUpdated()
                .then(Mono.empty())
                .onErrorResume(e -> {
                    log.warn("Outbox purge failed: {}", e.toString());
                    return Mono.empty();
                });
    }

    private record Outcome(OutboxRow event, Throwable failure) {

        boolean sent() {
            return failure == null;
        }
    }

    /** One batch: rows claimed, rows sent, rows parked, and whether eager publishing was on when it started. */
    private record Round(int claimed, int sent, List<OutboxEventParked> parked, boolean eager) {

        static final Round NOTHING = new Round(0, 0, List.of(), false);

        Round when(boolean eagerOn) {
            return new Round(claimed, sent, parked, eagerOn);
        }

        boolean progressed() {
            return sent > 0 || !parked.isEmpty();
        }
    }
}
