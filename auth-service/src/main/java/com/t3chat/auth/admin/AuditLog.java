package com.t3chat.auth.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code admin_audit} table: one row per admin action, newest first when read. */
@Repository
class AuditLog {

    private final DatabaseClient db;

    AuditLog(DatabaseClient db) {
        this.db = db;
    }

    record Entry(long id, Instant at, String actorId, String actorUsername, String action, String targetId,
            String targetUsername, String detail) {
    }

    Mono<Void> record(String actorId, String actorUsername, String action, String targetId, String targetUsername,
            String detail) {
        return db.sql("""
                        insert into admin_audit (actor_id, actor_username, action, target_id, target_username, detail)
                        values (:actorId, :actorUsername, :action, :targetId, :targetUsername, :detail)""")
                .bind("actorId", actorId)
                .bind("actorUsername", Parameter.fromOrEmpty(actorUsername, String.class))
                .bind("action", action)
                .bind("targetId", Parameter.fromOrEmpty(targetId, String.class))
                .bind("targetUsername", Parameter.fromOrEmpty(targetUsername, String.class))
                .bind("detail", Parameter.fromOrEmpty(detail, String.class))
                .then();
    }

    /** Entries older than {@code beforeId} (null: the newest), at most {@code limit}. */
    Flux<Entry> page(Long beforeId, int limit) {
        return db.sql("""
                        select * from admin_audit where (:before::bigint is null or id < :before::bigint)
                        order by id desc limit :limit""")
                .bind("before", Parameter.fromOrEmpty(beforeId, Long.class))
                .bind("limit", limit)
                .map(row -> new Entry(row.get("id", Long.class), row.get("at", OffsetDateTime.class).toInstant(),
                        row.get("actor_id", String.class), row.get("actor_username", String.class),
                        row.get("action", String.class), row.get("target_id", String.class),
                        row.get("target_username", String.class), row.get("detail", String.class)))
                .all();
    }
}
