package com.t3chat.platform.events;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Makes a consumer idempotent: call {@link #firstTime(UUID)} in the same transaction as the event's effect and
 * apply the effect only when it answers true. A replayed event then changes nothing.
 */
public class ProcessedEvents {

    private final DatabaseClient db;

    public ProcessedEvents(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Boolean> firstTime(UUID eventId) {
        return db.sql("insert into processed_event (event_id) values (:id) on conflict do nothing")
                .bind("id", eventId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }
}
