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

    /**
     * A user's system-key use, everything budgets need in one query.
     *
     * @param windowRequests replies started since the window's start, the oldest of them at {@code windowOldest}
     * @param running        replies still being generated (started after the stale cut-off)
     */
    record SystemUse(long windowRequests, Instant windowOldest, long dayTokens, BigDecimal dayCost, long monthTokens,
            BigDecimal monthCost, long running) {
    }

    Mono<SystemUse> systemUse(String ownerId, Instant windowStart, Instant dayStart, Instant monthStart,
            Instant staleBefore) {
        return db.sql("""
                        select count(*) filter (where started_at >= :window) as window_requests,
                               min(started_at) filter (where started_at >= :window) as window_oldest,
                               coalesce(sum(input_tokens + output_tokens) filter (where started_at >= :day), 0)
                                   as day_tokens,
                               coalesce(sum(cost_usd) filter (where started_at >= :day), 0) as day_cost,
                               coalesce(sum(input_tokens + output_tokens) filter (where started_at >= :month), 0)
                                   as month_tokens,
                               coalesce(sum(cost_usd) filter (where started_at >= :month), 0) as month_cost,
                               count(*) filter (where status = 'generating' and started_at >= :stale) as running
                        from reply where owner_id = :owner and key_source = 'system'
                          and started_at >= least(:window, :month, :stale)""")
                .bind("owner", ownerId)
                .bind("window", windowStart.atOffset(ZoneOffset.UTC))
                .bind("day", dayStart.atOffset(ZoneOffset.UTC))
                .bind("month", monthStart.atOffset(ZoneOffset.UTC))
                .bind("stale", staleBefore.atOffset(ZoneOffset.UTC))
                .map(row -> new SystemUse(row.get("window_requests", Long.class),
                        instant(row.get("window_oldest", OffsetDateTime.class)),
                        number(row.get("day_tokens", BigDecimal.class)), row.get("day_cost", BigDecimal.class),
                        number(row.get("month_tokens", BigDecimal.class)), row.get("month_cost", BigDecimal.class),
                        row.get("running", Long.class)))
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
