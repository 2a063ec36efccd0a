package com.t3chat.chat.message;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The {@code idempotency_key} table: what a request made under a client's key, unique per user and chat. */
@Repository
class IdempotencyKeys {

    private final DatabaseClient db;

    IdempotencyKeys(DatabaseClient db) {
        this.db = db;
    }

    /** What was made under this key, if it was used since {@code notBefore}. */
    Mono<Used> find(String ownerId, UUID chatId, String key, Instant notBefore) {
        return db.sql("""
                        select request_hash, user_message_id, assistant_message_id from idempotency_key
                        where owner_id = :owner and chat_id = :chatId and key = :key and created_at >= :notBefore""")
                .bind("owner", ownerId)
                .bind("chatId", chatId)
                .bind("key", key)
                .bind("notBefore", notBefore)
                .map(row -> new Used(row.get("request_hash", String.class), row.get("user_message_id", UUID.class),
                        row.get("assistant_message_id", UUID.class)))
                .one();
    }

    /**
     * Claims the key for what this request makes (inside its transaction); false when another request holds it
     * (used since {@code notBefore}; an older, not yet purged use is replaced). A request racing one that has not
     * committed yet waits here until that one ends.
     */
    Mono<Boolean> claim(String ownerId, UUID chatId, String key, Used made, Instant now, Instant notBefore) {
        return db.sql("""
                        insert into idempotency_key (owner_id, chat_id, key, request_hash, user_message_id,
                                                     assistant_message_id, created_at)
                        values (:owner, :chatId, :key, :hash, :userMessageId, :assistantMessageId, :now)
                        on conflict (owner_id, chat_id, key) do update
                            set request_hash = excluded.request_hash, user_message_id = excluded.user_message_id,
                                assistant_message_id = excluded.assistant_message_id,
                                created_at = excluded.created_at
                            where idempotency_key.created_at < :notBefore""")
                .bind("owner", ownerId)
                .bind("chatId", chatId)
                .bind("key", key)
                .bind("hash", made.requestHash())
                .bind("userMessageId", Parameter.fromOrEmpty(made.userMessageId(), UUID.class))
                .bind("assistantMessageId", made.assistantMessageId())
                .bind("now", now)
                .bind("notBefore", notBefore)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Forgets keys used before {@code before}; answers how many. */
    Mono<Long> purge(Instant before) {
        return db.sql("delete from idempotency_key where created_at < :before")
                .bind("before", before)
                .fetch()
                .rowsUpdated();
    }

    /**
     * @param requestHash   a digest of the request (what it asked for), to tell a repeat from another request
     * @param userMessageId the user message it stored, null for a regenerate
     */
    record Used(String requestHash, UUID userMessageId, UUID assistantMessageId) {
    }
}
