package com.t3chat.platform.events;

import com.t3chat.contracts.EventTypes;
import com.t3chat.contracts.IntegrationEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends an event to the outbox inside the caller's R2DBC transaction, so that a state change and its event
 * commit together. The relay publishes it after the commit (woken at once, not at its next poll).
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
     */
    public Mono<Void> append(String topic, String key, String eventType, IntegrationEvent event) {
        String payload = json.writeValueAsString(event);
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "OutboxWriter.append must run inside the transaction of the state change")))
                .flatMap(tx -> {
                    tx.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public Mono<Void> afterCommit() {
                            relay.wakeUp();
                            return Mono.empty();
                        }
                    });
                    return db.sql("""
                                    insert into outbox (event_id, topic, event_key, event_type, payload)
                                    values (:eventId, :topic, :key, :type, cast(:payload as json))""")
                            .bind("eventId", event.eventId())
                            .bind("topic", topic)
                            .bind("key", key)
                            .bind("type", eventType)
                            .bind("payload", payload)
                            .then();
                });
    }
}
