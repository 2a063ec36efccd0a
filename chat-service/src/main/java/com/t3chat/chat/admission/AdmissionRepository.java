package com.t3chat.chat.admission;

import com.t3chat.contracts.llm.AdmissionChanged;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The {@code system_key_admission} table (migration V13). */
@Repository
class AdmissionRepository {

    private final DatabaseClient db;

    AdmissionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Keeps the change unless a newer one (or this one) is already kept: answers whether it was kept. */
    Mono<Boolean> keep(AdmissionChanged change) {
        return db.sql("""
                        insert into system_key_admission (owner_id, refused, limit_name, resets_at, detail,
                                                          own_key_providers, occurred_at)
                        values (:owner, :refused, :limit, :resetsAt, :detail, :own, :occurredAt)
                        on conflict (owner_id) do update
                            set refused = excluded.refused, limit_name = excluded.limit_name,
                                resets_at = excluded.resets_at, detail = excluded.detail,
                                own_key_providers = excluded.own_key_providers, occurred_at = excluded.occurred_at
                            where system_key_admission.occurred_at < excluded.occurred_at""")
                .bind("owner", change.ownerId())
                .bind("refused", change.refused())
                .bind("limit", Parameter.fromOrEmpty(change.limit(), String.class))
                .bind("resetsAt", Parameter.fromOrEmpty(
                        change.resetsAt() == null ? null : change.resetsAt().atOffset(ZoneOffset.UTC),
                        OffsetDateTime.class))
                .bind("detail", Parameter.fromOrEmpty(change.detail(), String.class))
                .bind("own", change.ownKeyProviders().toArray(String[]::new))
                .bind("occurredAt", change.occurredAt().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    Mono<Admission> find(String ownerId) {
        return db.sql("""
                        select owner_id, refused, limit_name, resets_at, detail, own_key_providers, occurred_at
                        from system_key_admission where owner_id = :owner""")
                .bind("owner", ownerId)
                .map(row -> {
                    OffsetDateTime resetsAt = row.get("resets_at", OffsetDateTime.class);
                    String[] own = row.get("own_key_providers", String[].class);
                    return new Admission(row.get("owner_id", String.class),
                            Boolean.TRUE.equals(row.get("refused", Boolean.class)), row.get("limit_name", String.class),
                            resetsAt == null ? null : resetsAt.toInstant(), row.get("detail", String.class),
                            own == null ? List.of() : Arrays.asList(own),
                            row.get("occurred_at", OffsetDateTime.class).toInstant());
                })
                .one();
    }
}
