package com.t3chat.attachment.storage;

import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Objects that must leave the store (a deleted file's original and preview, an infected original). The removal is
 * recorded in the transaction that made it necessary ({@link #request}), attempted right after the commit
 * ({@link #removeNow}), and retried by the sweeper ({@link #retryPending}) for as long as the store refuses — so
 * that an outage of the store never leaves an object of a deleted file behind.
 */
@Component
public class ObjectRemovals {

    private static final Logger log = LoggerFactory.getLogger(ObjectRemovals.class);

    private final DatabaseClient db;
    private final ObjectStore store;

    ObjectRemovals(DatabaseClient db, ObjectStore store) {
        this.db = db;
        this.store = store;
    }

    /** Records that these objects must go; call inside the transaction of the change that requires it. */
    public Mono<Void> request(Collection<String> keys) {
        return Flux.fromIterable(keys)
                .concatMap(key -> db.sql("insert into object_removal (object_key) values (:key) on conflict do nothing")
                        .bind("key", key)
                        .then())
                .then();
    }

    /**
     * Removes the objects now (after the commit) and forgets the requests that succeeded. Never fails: what the
     * store refused stays recorded for the sweeper.
     */
    public Mono<Void> removeNow(Collection<String> keys) {
        return Flux.fromIterable(keys).concatMap(this::removeOne).then();
    }

    /** One round of the sweeper: retries up to {@code batch} recorded removals, oldest first. */
    public Mono<Long> retryPending(int batch) {
        return db.sql("select object_key from object_removal order by requested_at limit :batch")
                .bind("batch", batch)
                .map(row -> row.get("object_key", String.class))
                .all()
                .collectList()
                .flatMap(keys -> removeNow(keys).thenReturn((long) keys.size()));
    }

    private Mono<Void> removeOne(String key) {
        return store.remove(key)
                .then(db.sql("delete from object_removal where object_key = :key").bind("key", key).then())
                .onErrorResume(e -> {
                    String failure = e.getCause() == null ? e.toString() : e.getCause().toString();
                    log.warn("Could not remove object {} from the store yet (will retry): {}", key, failure);
                    return db.sql("""
                                    update object_removal set attempts = attempts + 1, failure = :failure
                                    where object_key = :key""")
                            .bind("failure", failure.length() > 1000 ? failure.substring(0, 1000) : failure)
                            .bind("key", key)
                            .then()
                            .onErrorResume(dbDown -> Mono.empty());
                });
    }
}
