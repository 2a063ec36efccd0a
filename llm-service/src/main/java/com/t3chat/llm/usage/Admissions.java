package com.t3chat.llm.usage;

import com.t3chat.contracts.llm.AdmissionChanged;
import com.t3chat.llm.key.KeyService;
import com.t3chat.llm.key.OwnKeysChanged;
import com.t3chat.platform.events.OutboxWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Tells chat-service when a user's admission to system-key replies changes, so that it can refuse a post without
 * asking us: after a reply is claimed or ends and after a key is added or removed, {@link #refresh} recomputes
 * {@link Budgets#admit} and the providers the user has own keys for, and publishes {@link AdmissionChanged} (through
 * the outbox, in the same transaction) only when that differs from what was last published. A refusal that ends by
 * time ({@code resetsAt}) gets no event when it frees: consumers compare it with their clock.
 */
@Service
public class Admissions {

    private static final Logger log = LoggerFactory.getLogger(Admissions.class);

    private final Budgets budgets;
    private final KeyService keys;
    private final DatabaseClient db;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    Admissions(Budgets budgets, KeyService keys, DatabaseClient db, OutboxWriter outbox,
            TransactionalOperator tx) {
        this.budgets = budgets;
        this.keys = keys;
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** After a system-key reply of the user was claimed: only the limits on starts can have moved. */
    public Mono<Void> afterStart(String ownerId) {
        return budgets.startsCount() ? refresh(ownerId) : Mono.empty();
    }

    /** After a system-key reply of the user ended (joins the end's transaction): any limit can have moved. */
    public Mono<Void> afterEnd(String ownerId) {
        return budgets.anyLimit() ? refresh(ownerId) : Mono.empty();
    }

    /**
     * A user's own keys changed: their replies on those providers are not refused any more (or are again). Runs
     * after the key's change answered (an application event: the key feature does not depend on this one); a
     * failure is logged and the next claim or end of a reply refreshes again.
     */
    @EventListener
    void on(OwnKeysChanged changed) {
        refresh(changed.ownerId()).subscribe(null, error -> log.warn("Admission of a user not refreshed after a key "
                + "change: {}", error.toString()));
    }

    /**
     * Recomputes the user's admission and publishes it if it changed; joins the caller's transaction if there is
     * one. The user's row is locked first, so one user's refreshes run one after another and the last one computed
     * is the last one published (and the newest {@code occurredAt}).
     */
    public Mono<Void> refresh(String ownerId) {
        return tx.transactional(lock(ownerId)
                .flatMap(stored -> Mono.zip(current(ownerId), Mono.just(stored)))
                .flatMap(states -> states.getT1().equals(states.getT2()) ? Mono.empty()
                        : publish(ownerId, states.getT1())));
    }

    /** What the user's admission is now. */
    private Mono<State> current(String ownerId) {
        Mono<Optional<Budgets.LimitExceededException>> refusal = budgets.admit(ownerId)
                .thenReturn(Optional.<Budgets.LimitExceededException>empty())
                .onErrorResume(Budgets.LimitExceededException.class, e -> Mono.just(Optional.of(e)))
                .defaultIfEmpty(Optional.empty());
        Mono<List<String>> ownKeyProviders = keys.ownKeys(ownerId)
                .map(own -> own.keySet().stream().map(provider -> provider.id()).sorted().toList());
        return Mono.zip(refusal, ownKeyProviders).map(both -> both.getT1()
                .map(e -> new State(true, e.limit(), micros(e.resetsAt()), e.getMessage(), both.getT2()))
                .orElseGet(() -> new State(false, null, null, null, both.getT2())));
    }

    /** The last published state, the user's row locked until the transaction ends (created as "admitted"). */
    private Mono<State> lock(String ownerId) {
        return db.sql("insert into admission_state (owner_id) values (:owner) on conflict (owner_id) do nothing")
                .bind("owner", ownerId)
                .then()
                .then(db.sql("""
                                select refused, limit_name, resets_at, own_key_providers from admission_state
                                where owner_id = :owner for update""")
                        .bind("owner", ownerId)
                        .map(row -> {
                            OffsetDateTime resetsAt = row.get("resets_at", OffsetDateTime.class);
                            String[] own = row.get("own_key_providers", String[].class);
                            return new State(Boolean.TRUE.equals(row.get("refused", Boolean.class)),
                                    row.get("limit_name", String.class),
                                    resetsAt == null ? null : resetsAt.toInstant(), null,
                                    own == null ? List.of() : Arrays.stream(own).sorted().toList());
                        })
                        .one());
    }

    private Mono<Void> publish(String ownerId, State state) {
        Instant now = clock.instant();
        return db.sql("""
                        update admission_state set refused = :refused, limit_name = :limit, resets_at = :resetsAt,
                               own_key_providers = :own, changed_at = :now
                        where owner_id = :owner""")
                .bind("owner", ownerId)
                .bind("refused", state.refused())
                .bind("limit", Parameter.fromOrEmpty(state.limit(), String.class))
                .bind("resetsAt", Parameter.fromOrEmpty(
                        state.resetsAt() == null ? null : state.resetsAt().atOffset(ZoneOffset.UTC),
                        OffsetDateTime.class))
                .bind("own", state.ownKeyProviders().toArray(String[]::new))
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .then()
                .then(outbox.append(new AdmissionChanged(UUID.randomUUID(), now, ownerId, state.refused(),
                        state.limit(), state.resetsAt(), state.detail(), state.ownKeyProviders())));
    }

    /** As PostgreSQL keeps it, so that a stored and a computed time compare equal. */
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * An admission as published; {@code detail} is the refusal's sentence, not part of what makes a change (its
     * numbers move while the refusal stays the same).
     */
    private record State(boolean refused, String limit, Instant resetsAt, String detail,
            List<String> ownKeyProviders) {

        @Override
        public boolean equals(Object other) {
            return other instanceof State that && refused == that.refused && Objects.equals(limit, that.limit)
                    && Objects.equals(resetsAt, that.resetsAt) && ownKeyProviders.equals(that.ownKeyProviders);
        }

        @Override
        public int hashCode() {
            return Objects.hash(refused, limit, resetsAt, ownKeyProviders);
        }
    }
}
