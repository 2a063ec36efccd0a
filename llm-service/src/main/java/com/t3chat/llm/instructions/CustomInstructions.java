package com.t3chat.llm.instructions;

import com.t3chat.contracts.auth.InstructionsChanged;
import com.t3chat.platform.events.ProcessedEvents;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * llm-service's copy of each user's custom instructions (table {@code custom_instructions}), kept from
 * auth-service's {@link InstructionsChanged} events so that a reply never calls auth-service. Each event is applied
 * once, and only if it is newer than what is stored: an older change delivered again (a replay, a retry) changes
 * nothing, and a clear stays a clear.
 */
@Service
public class CustomInstructions {

    private final DatabaseClient db;
    private final ProcessedEvents processed;
    private final TransactionalOperator tx;

    CustomInstructions(DatabaseClient db, ProcessedEvents processed, TransactionalOperator tx) {
        this.db = db;
        this.processed = processed;
        this.tx = tx;
    }

    /** The user's instructions, or empty if they have none: one read by primary key. */
    public Mono<Optional<String>> find(String userId) {
        return db.sql("select instructions from custom_instructions where user_id = :userId")
                .bind("userId", userId)
                .map(row -> Optional.ofNullable(row.get("instructions", String.class)))
                .one()
                .map(found -> found.filter(text -> !text.isBlank()))
                .defaultIfEmpty(Optional.empty());
    }

    Mono<Void> apply(InstructionsChanged event) {
        Mono<Void> upsert = db.sql("""
                        insert into custom_instructions (user_id, instructions, changed_at)
                        values (:userId, :instructions, :changedAt)
                        on conflict (user_id) do update
                            set instructions = excluded.instructions, changed_at = excluded.changed_at
                            where custom_instructions.changed_at < excluded.changed_at""")
                .bind("userId", event.userId())
                .bind("instructions", Parameter.fromOrEmpty(event.customInstructions(), String.class))
                .bind("changedAt", event.occurredAt())
                .then();
        return tx.transactional(processed.firstTime(event.eventId())
                .flatMap(first -> first ? upsert : Mono.empty()));
    }
}
