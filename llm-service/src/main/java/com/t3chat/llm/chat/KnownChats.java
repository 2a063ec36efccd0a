package com.t3chat.llm.chat;

import com.t3chat.contracts.chat.ChatCreated;
import com.t3chat.platform.events.ProcessedEvents;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** llm-service's copy of which chat belongs to whom. Recording the same event twice changes nothing. */
@Service
public class KnownChats {

    private final DatabaseClient db;
    private final ProcessedEvents processed;
    private final TransactionalOperator tx;

    KnownChats(DatabaseClient db, ProcessedEvents processed, TransactionalOperator tx) {
        this.db = db;
        this.processed = processed;
        this.tx = tx;
    }

    Mono<Void> record(ChatCreated event) {
        Mono<Void> insert = db.sql("""
                        insert into known_chat (chat_id, owner_id, model, created_at)
                        values (:chatId, :owner, :model, :createdAt) on conflict (chat_id) do nothing""")
                .bind("chatId", event.chatId())
                .bind("owner", event.ownerId())
                .bind("model", Parameter.fromOrEmpty(event.model(), String.class))
                .bind("createdAt", event.occurredAt())
                .then();
        return tx.transactional(processed.firstTime(event.eventId())
                .flatMap(first -> first ? insert : Mono.empty()));
    }

    public Mono<Long> countOwnedBy(String ownerId) {
        return db.sql("select count(*) as n from known_chat where owner_id = :owner")
                .bind("owner", ownerId)
                .map(row -> row.get("n", Long.class))
                .one();
    }
}
