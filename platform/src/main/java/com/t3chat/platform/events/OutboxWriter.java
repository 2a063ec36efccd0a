package com.t3chat.platform.events;

import com.t3chat.contracts.EventTypes;
import com.t3chat.contracts.IntegrationEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends an event to the outbox inside the caller's R2DBC transaction, so that a state change and its event
 * commit together. Right after the commit, the transaction's rows are handed to the relay in append order
 * ({@link OutboxRelay#publishNow}), which sends them at once; the relay's poller sends whatever that missed.
 */
public class OutboxWriter {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final OutboxRelay relay;

    public OutboxWriter(DatabaseClient db, JsonMapper json, OutboxRelay relay) {
        this.db = db;
        this.json = json;
        this.relay = relay;
    }

    /** Appends {@code event} to its topic with its key and type name, all looked up in {@link EventTypes}. */
    public Mono<Void> append(IntegrationEvent event) {
        return append(EventTypes.topicOf(event), EventTypes.keyOf(event), EventTypes.nameOf(event), event);
    }

    /**
     * @param topic     the owner's topic
     * @param key       the aggregate id (records with one key stay ordered)
     * @param eventType the short type name sent in the {@code event-type} header
     * @deprecated for one release: use {@link #append(IntegrationEvent)}, which takes all three from
     *             {@link EventTypes}
     */
    @Deprecated
    public Mono<Void> append(String topic, String key, String eventType, IntegrationEvent event) {
        String payload = json.writeValueAsString(event);
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "OutboxWriter.append must run inside the transaction of the state change")))
                .flatMap(tx -> db.sql("""
                                insert into outbox (event_id, topic, event_key, event_type, payload)
                                values (:eventId, :topic, :key, :type, cast(:payload as json))
                                returning id""")
                        .bind("eventId", event.eventId())
                        .bind("topic", topic)
                        .bind("key", key)
                        .bind("type", eventType)
                        .bind("payload", payload)
                        .map(row -> row.get("id", Long.class))
                        .one()
                        .doOnNext(id -> rowsOf(tx).add(new OutboxRow(id, event.eventId(), topic, key, eventType,
                                payload)))
                        .then());
    }

    /** The rows this transaction appended so far; the first call registers their hand-over after the commit. */
    @SuppressWarnings("unchecked")
    private List<OutboxRow> rowsOf(TransactionSynchronizationManager tx) {
        List<OutboxRow> rows = (List<OutboxRow>) tx.getResource(this);
        if (rows != null) {
            return rows;
        }
        List<OutboxRow> appended = Collections.synchronizedList(new ArrayList<>());
        tx.bindResource(this, appended);
        tx.registerSynchronization(new TransactionSynchronization() {
            @Override
            public Mono<Void> afterCommit() {
                List<OutboxRow> committed;
                synchronized (appended) {
                    committed = new ArrayList<>(appended);
                }
                committed.sort(Comparator.comparingLong(OutboxRow::id));
                relay.publishNow(committed);
                return Mono.empty();
            }

            @Override
            public Mono<Void> afterCompletion(int status) {
                tx.unbindResourceIfPossible(OutboxWriter.this);
                return Mono.empty();
            }
        });
        return appended;
    }
}
