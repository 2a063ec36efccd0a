package com.t3chat.llm.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Usage read from the {@code reply} table (one row per reply: model, whose key, tokens, cost): totals for budgets
 * and the per-model, per-day report.
 */
@Repository
class UsageLedger {

    private final DatabaseClient db;

    UsageLedger(DatabaseClient db) {
        this.db = db;
    }

    /** A user's system-key use since a time: replies, tokens, dollars, and the oldest reply counted. */
    record Use(long requests, long tokens, BigDecimal cost, Instant oldest) {
    }

    Mono<Use> systemUseSince(String ownerId, Instant since) {
        return db.sql("""
                        select count(*) as requests, coalesce(sum(input_tokens + output_tokens), 0) as tokens,
                               coalesce(sum(cost_usd), 0) as cost, min(started_at) as oldest
                        from reply where owner_id = :owner and key_source = 'system' and started_at >= :since""")
                .bind("owner", ownerId)
                .bind("since", since.atOffset(ZoneOffset.UTC))
                .map(row -> new Use(row.get("requests", Long.class), number(row.get("tokens", BigDecimal.class)),
                        row.get("cost", BigDecimal.class), instant(row.get("oldest", OffsetDateTime.class))))
                .one();
    }

    /** System-key replies of a user still being generated (started after {@code since}: older ones are stale). */
    Mono<Long> systemRunning(String ownerId, Instant since) {
        return db.sql("""
                        select count(*) from reply where owner_id = :owner and key_source = 'system'
                        and status = 'generating' and started_at >= :since""")
                .bind("owner", ownerId)
                .bind("since", since.atOffset(ZoneOffset.UTC))
                .map(row -> row.get(0, Long.class))
                .one();
    }

    /**
     * Totals per day (UTC) and model; per user too when {@code ownerId} is null (every user). Replies refused before
     * any provider was asked (no key, over a limit) are not usage.
     */
    record DailyUse(LocalDate day, String model, String userId, long requests, long inputTokens, long outputTokens,
            BigDecimal cost) {
    }

    Flux<DailyUse> daily(String ownerId, LocalDate from, LocalDate toInclusive) {
        return db.sql("""
                        select (started_at at time zone 'UTC')::date as day, model,
                               case when :owner::text is null then owner_id end as user_id,
                               count(*) as requests, coalesce(sum(input_tokens), 0) as input_tokens,
                               coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cost_usd), 0) as cost
                        from reply
                        where (:owner::text is null or owner_id = :owner::text)
                          and started_at >= :from and started_at < :to
                          and not (status = 'failed' and input_tokens = 0 and output_tokens = 0)
                        group by 1, 2, 3 order by 1, 2, 3""")
                .bind("owner", Parameter.fromOrEmpty(ownerId, String.class))
                .bind("from", from.atStartOfDay().atOffset(ZoneOffset.UTC))
                .bind("to", toInclusive.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                .map(row -> new DailyUse(row.get("day", LocalDate.class), row.get("model", String.class),
                        row.get("user_id", String.class), row.get("requests", Long.class),
                        number(row.get("input_tokens", BigDecimal.class)),
                        number(row.get("output_tokens", BigDecimal.class)), row.get("cost", BigDecimal.class)))
                .all();
    }

    private static long number(BigDecimal value) {
        return value == null ? 0 : value.longValue();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
