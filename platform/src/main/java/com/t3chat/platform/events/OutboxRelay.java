package com.t3chat.platform.events;

import com.t3chat.contracts.EventHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka and marks them sent. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work. Each row's send has its own outcome: rows that
 * failed to send (broker down, timeout) stay unsent and are retried at the next round, so nothing is lost across a
 * broker outage or a restart; a row that can never be sent (too large, invalid topic) or that kept failing while
 * others went out is <em>parked</em> — no longer selected, kept for an operator, announced as an
 * {@link OutboxEventParked} application event — so that one record never blocks the rows behind it. A retry can
 * publish an event twice: consumers are idempotent.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final ApplicationEventPublisher publisher;
    private final ObjectProvider<MeterRegistry> meters;
    private volatile Sinks.Many<Boolean> wakeUps = newWakeUps();
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

    /** Asks for a relay round now, e.g. right after a transaction that wrote to the outbox committed. */
    public void wakeUp() {
        wakeUps.tryEmitNext(Boolean.TRUE);
    }

    private static Sinks.Many<Boolean> newWakeUps() {
        return Sinks.many().multicast().directBestEffort();
    }

    @Override
    public void start() {
        wakeUps = newWakeUps();
        Flux<Object> rounds = Flux.merge(Flux.interval(Duration.ZERO, properties.pollInterval()).map(tick -> true),
                        wakeUps.asFlux())
                .onBackpressureLatest()
                .concatMap(tick -> relayUntilEmpty(), 1);
        Flux<Object> purges = Flux.interval(Duration.ofMinutes(1), Duration.ofMinutes(10))
                .onBackpressureDrop()
                .concatMap(tick -> purgeSent(), 1);
        running = Disposables.composite(rounds.subscribe(), purges.subscribe());
    }

    @Override
    public void stop() {
        Disposable current = running;
        running = null;
        if (current != null) {
            current.dispose();
        }
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

    private Mono<Object> relayUntilEmpty() {
        return relayBatch()
                .expand(round -> round.claimed() == properties.batchSize() && round.progressed()
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
        Mono<Round> batch = db.sql("""
                        select id, event_id, topic, event_key, event_type, payload::text as payload
                        from outbox where sent_at is null and parked_at is null
                        order by id limit :limit for update skip locked""")
                .bind("limit", properties.batchSize())
                .map(row -> new PendingEvent(row.get("id", Long.class), row.get("event_id", UUID.class),
                        row.get("topic", String.class), row.get("event_key", String.class),
                        row.get("event_type", String.class), row.get("payload", String.class)))
                .all()
                .collectList()
                .flatMap(events -> events.isEmpty() ? Mono.just(Round.NOTHING) : send(events).flatMap(this::record));
        return tx.transactional(batch).flatMap(round -> announce(round.parked()).thenReturn(round));
    }

    /** Each event's outcome: null when it was sent, else the failure. Never fails itself. */
    private Mono<List<Outcome>> send(List<PendingEvent> events) {
        // send() may block while the broker is unreachable (max.block.ms): keep that off the R2DBC threads
        return Mono.fromCallable(() -> events.stream().map(this::send).toList())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(futures -> Mono.fromFuture(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)))
                        .then(Mono.fromCallable(() -> futures.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<Outcome> send(PendingEvent event) {
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
        List<PendingEvent> sent = outcomes.stream().filter(Outcome::sent).map(Outcome::event).toList();
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
                .map(parked -> new Round(outcomes.size(), sent.size(), parked));
    }

    /** Parks the row when it can never be sent, or when it kept failing while others went out; else leaves it. */
    private Mono<OutboxEventParked> failed(Outcome outcome, boolean othersWentOut) {
        PendingEvent event = outcome.event();
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

    private Mono<Void> park(PendingEvent event, String failure, int moreAttempts) {
        return db.sql("update outbox set parked_at = now(), failure = :failure, attempts = attempts + :more"
                        + " where id = :id")
                .bind("failure", failure)
                .bind("more", moreAttempts)
                .bind("id", event.id())
                .then();
    }

    private static OutboxEventParked parked(PendingEvent event, OutboxEventParked.Reason reason, String failure) {
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

    private Mono<Void> markSent(List<PendingEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        Long[] ids = events.stream().map(PendingEvent::id).toArray(Long[]::new);
        return db.sql("update outbox set sent_at = now() where id = any(:ids)")
                .bind("ids", ids)
                .then();
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

    private record PendingEvent(long id, UUID eventId, String topic, String key, String type, String payload) {
    }

    private record Outcome(PendingEvent event, Throwable failure) {

        boolean sent() {
            return failure == null;
        }
    }

    /** One batch: rows claimed, rows sent, rows parked. */
    private record Round(int claimed, int sent, List<OutboxEventParked> parked) {

        static final Round NOTHING = new Round(0, 0, List.of());

        boolean progressed() {
            return sent > 0 || !parked.isEmpty();
        }
    }
}
