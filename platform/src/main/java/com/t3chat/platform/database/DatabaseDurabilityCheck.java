package com.t3chat.platform.database;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Once at start (after the service is ready, off its startup path), asks PostgreSQL whether it writes durably and
 * logs a WARN naming the risk when {@code fsync}, {@code synchronous_commit} or {@code full_page_writes} is off.
 * Test databases run that way on purpose; a database with data people keep must not.
 */
public class DatabaseDurabilityCheck {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDurabilityCheck.class);
    private static final List<String> SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");

    private final DatabaseClient db;

    public DatabaseDurabilityCheck(DatabaseClient db) {
        this.db = db;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        check().subscribe(unused -> { }, e -> log.info("Could not check PostgreSQL's durability settings: {}",
                DatabaseFailures.describe(e)));
    }

    /** The durability settings that are off (empty: all on), warned about if any. */
    public Mono<List<String>> check() {
        return db.sql("select name, setting from pg_settings where name in (:names) order by name")
                .bind("names", SETTINGS)
                .map(row -> row.get("name", String.class) + "=" + row.get("setting", String.class))
                .all()
                .filter(setting -> setting.endsWith("=off"))
                .collectList()
                .timeout(Duration.ofSeconds(30))
                .doOnNext(off -> {
                    if (!off.isEmpty()) {
                        log.warn("PostgreSQL runs with {}: a crash or power cut of the database host can lose "
                                + "committed data (synchronous_commit) or corrupt the database (fsync, "
                                + "full_page_writes). Fine for throw-away test data, never for data you keep: turn "
                                + "them on in postgresql.conf (./dev up does). Silence this with "
                                + "t3chat.database.durability-check=false.", String.join(", ", off));
                    }
                });
    }
}
