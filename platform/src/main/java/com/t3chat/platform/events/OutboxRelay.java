package com.t3chat.platform.events;

import com.t3chat.contracts.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work; a batch that fails to send (broker down) stays
 * unsent and is retried at the next round, so nothing is lost across a broker outage or a restart. A retry can
 * publish an event twice: consumers are idempotent.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private volatile Sinks.Many<Boolean> wakeUps = newWakeUps();
    private volatile Disposable running;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, String> kafka,
            OutboxProperties properties) {
        this.db = db;
        this.tx = tx;
        this.kafka = kafka;
        this.properties = properties;
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
                .expand(sent -> sent == properties.batchSize() ? relayBatch() : Mono.empty())
                .then(Mono.empty())
                .onErrorResume(e -> {
                    log.warn("Outbox relay round failed, will retry: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** Sends one batch of unsent rows in id order and marks them sent; answers how many were sent. */
    Mono<Integer> relayBatch() {
        Mono<Integer> batch = db.sql("""
                        select id, event_id, topic, event_key, event_type, payload::text as payload
                        from outbox where sent_at is null order by id limit :limit for update skip locked""")
                .bind("limit", properties.batchSize())
                .map(row -> new PendingEvent(row.get("id", Long.class), row.get("event_id", UUID.class),
                        row.get("topic", String.class), row.get("event_key", String.class),
                        row.get("event_type", String.class), row.get("payload", String.class)))
                .all()
                .collectList()
                .flatMap(events -> events.isEmpty() ? Mono.just(0) : send(events).then(markSent(events)));
        return tx.transactional(batch);
    }

    private Mono<Void> send(List<PendingEvent> events) {
        // send() may block while the broker is unreachable (max.block.ms): keep that off the R2DBC threads
        return Mono.fromCallable(() -> events.stream().map(this::send).toArray(CompletableFuture[]::new))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(futures -> Mono.fromFuture(CompletableFuture.allOf(futures)));
    }

    private CompletableFuture<?> send(PendingEvent event) {
        var record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
        record.headers().add(EventHeaders.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
        return kafka.send(record);
    }

    private Mono<Integer> markSent(List<PendingEvent> events) {
        Long[] ids = events.stream().map(PendingEvent::id).toArray(Long[]::new);
        return db.sql("update outbox set sent_at = now() where id = any(:ids)")
                .bind("ids", ids)
                .fetch()
                .rowsUpdated()
                .map(Long::intValue);
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
}
