package com.t3chat.platform.accounts;

import com.t3chat.contracts.auth.UserDisabled;
import com.t3chat.contracts.auth.UserEnabled;
import com.t3chat.platform.events.ProcessedEvents;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The users an admin disabled, as auth-service announced them ({@code auth.users.v1}), in each service's own
 * database (table {@code disabled_user}, a platform migration). A disabled user's access token may stay valid for
 * minutes after their sessions ended; calls that change or publish their data check here first. Each event is
 * applied once: a replayed one changes nothing.
 *
 * <p>The check is on every post, so its answer is cached for {@link #CACHED_FOR} per user. The replica that consumes
 * a disable or enable forgets its cached answer at once; the service's other replicas (one consumer group: only one of
 * them sees each event) answer from their cache for up to that long. Five seconds on top of the minutes an access
 * token stays valid after a disable change nothing a user could notice.
 */
public class DisabledUsers {

    static final URI ACCOUNT_DISABLED = ProblemTypes.of("account-disabled");
    static final Duration CACHED_FOR = Duration.ofSeconds(5);

    private final DatabaseClient db;
    private final ProcessedEvents processed;
    private final TransactionalOperator tx;
    /** Whether a user is disabled, as last read; empty answers are cached too (most users are not). */
    private final AsyncCache<String, Boolean> disabled = Caffeine.newBuilder()
            .expireAfterWrite(CACHED_FOR)
            .maximumSize(100_000)
            .buildAsync();

    public DisabledUsers(DatabaseClient db, ProcessedEvents processed, TransactionalOperator tx) {
        this.db = db;
        this.processed = processed;
        this.tx = tx;
    }

    /** Completes empty when the user may go on; errors with a 403 {@code account-disabled} problem otherwise. */
    public Mono<Void> refuseIfDisabled(String userId) {
        return Mono.fromFuture(() -> disabled.get(userId, (id, executor) -> isDisabled(id).toFuture()), true)
                .filter(Boolean::booleanValue)
                .flatMap(yes -> Mono.<Void>error(
                        new ApiProblem(HttpStatus.FORBIDDEN, ACCOUNT_DISABLED, "Your account is disabled.")));
    }

    private Mono<Boolean> isDisabled(String userId) {
        return db.sql("select 1 from disabled_user where user_id = :userId")
                .bind("userId", userId)
                .fetch()
                .first()
                .hasElement();
    }

    Mono<Void> disable(UserDisabled event) {
        return once(event.eventId(), db.sql("""
                        insert into disabled_user (user_id, disabled_at) values (:userId, :at)
                        on conflict (user_id)
                        do update set disabled_at = greatest(disabled_user.disabled_at, excluded.disabled_at)""")
                .bind("userId", event.userId())
                .bind("at", event.occurredAt())
                .then())
                .doFinally(signal -> disabled.synchronous().invalidate(event.userId()));
    }

    Mono<Void> enable(UserEnabled event) {
        // a disable newer than this enable (delivered out of order) stays
        return once(event.eventId(), db.sql(
                        "delete from disabled_user where user_id = :userId and disabled_at <= :at")
                .bind("userId", event.userId())
                .bind("at", event.occurredAt())
                .then())
                .doFinally(signal -> disabled.synchronous().invalidate(event.userId()));
    }

    private Mono<Void> once(UUID eventId, Mono<Void> effect) {
        return tx.transactional(processed.firstTime(eventId).flatMap(first -> first ? effect : Mono.empty()));
    }
}
