package com.t3chat.llm.usage;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The operator's limits on a user's use of the system keys, checked before a provider is called. Over a limit the
 * answer is a {@link LimitExceededException} naming the limit and when it resets.
 */
@Service
public class Budgets {

    public static final URI LIMIT_EXCEEDED = ProblemTypes.of("limit-exceeded");

    private final UsageLedger ledger;
    private final LimitsProperties limits;
    /** How long a reply may run (llm-service's {@code t3chat.generation.max-duration}): older ones are not running. */
    private final Duration maxReplyDuration;
    private final Clock clock;

    Budgets(UsageLedger ledger, LimitsProperties limits,
            @Value("${t3chat.generation.max-duration:10m}") Duration maxReplyDuration) {
        this.ledger = ledger;
        this.limits = limits;
        this.maxReplyDuration = maxReplyDuration;
        this.clock = Clock.systemUTC();
    }

    /** Completes empty when the user may start another system-key reply now, else fails with the limit reached. */
    public Mono<Void> admit(String ownerId) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant dayStart = today.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant monthStart = today.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant nextDay = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant nextMonth = today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        if (!anyLimit()) {
            return Mono.empty();
        }
        return ledger.systemUse(ownerId, now.minus(limits.window()), dayStart, monthStart,
                        now.minus(maxReplyDuration))
                .mapNotNull(use -> firstExceeded(use, now, nextDay, nextMonth))
                .flatMap(Mono::error);
    }

    /** Whether the operator set any limit on system-key use. */
    boolean anyLimit() {
        return startsCount() || limits.tokensPerDay() > 0 || limits.costPerDay().signum() > 0
                || limits.tokensPerMonth() > 0 || limits.costPerMonth().signum() > 0;
    }

    /** Whether starting a reply moves a limit (replies at once, replies per window); tokens and cost move at its end. */
    boolean startsCount() {
        return limits.concurrent() > 0 || limits.requests() > 0;
    }

    /** The first limit the use reaches (concurrent, requests, per day, per month), or null. */
    private LimitExceededException firstExceeded(UsageLedger.SystemUse use, Instant now, Instant nextDay,
            Instant nextMonth) {
        if (limits.concurrent() > 0 && use.running() >= limits.concurrent()) {
            return exceeded("concurrent", "You already have " + use.running()
                    + " replies being written with the system keys, the most allowed at once.", null,
                    limits.retryConcurrentAfter());
        }
        if (limits.requests() > 0 && use.windowRequests() >= limits.requests()) {
            Instant resetsAt = use.windowOldest().plus(limits.window());
            return exceeded("requests", "You reached the limit of " + limits.requests() + " replies per "
                    + limits.window().toString().substring(2).toLowerCase() + " with the system keys.",
                    resetsAt, Duration.between(now, resetsAt));
        }
        LimitExceededException daily = overBudget(use.dayTokens(), use.dayCost(), limits.tokensPerDay(),
                limits.costPerDay(), "day", nextDay, now);
        return daily != null ? daily : overBudget(use.monthTokens(), use.monthCost(), limits.tokensPerMonth(),
                limits.costPerMonth(), "month", nextMonth, now);
    }

    private static LimitExceededException overBudget(long tokens, BigDecimal cost, long tokenLimit,
            BigDecimal costLimit, String period, Instant resetsAt, Instant now) {
        if (tokenLimit > 0 && tokens >= tokenLimit) {
            return exceeded("tokens-per-" + period, "You used the " + tokenLimit + " tokens per " + period
                    + " allowed with the system keys.", resetsAt, Duration.between(now, resetsAt));
        }
        if (costLimit.signum() > 0 && cost.compareTo(costLimit) >= 0) {
            return exceeded("cost-per-" + period, "You used the $" + costLimit.stripTrailingZeros().toPlainString()
                    + " per " + period + " allowed with the system keys.", resetsAt, Duration.between(now, resetsAt));
        }
        return null;
    }

    private static LimitExceededException exceeded(String limit, String message, Instant resetsAt,
            Duration retryAfter) {
        String when = resetsAt == null ? " It frees up when one of them ends." : " It resets at " + resetsAt + ".";
        return new LimitExceededException(limit, message + when + " Your own API key is not limited.", resetsAt,
                retryAfter);
    }

    /** A limit is reached: which one, a message a user can read, and when it resets (null: when a reply ends). */
    public static final class LimitExceededException extends RuntimeException {

        private final String limit;
        private static final long CONCURRENT_RETRY_SECONDS = 5;

        private final Instant resetsAt;
        private final Duration retryAfter;

        LimitExceededException(String limit, String message, Instant resetsAt, Duration retryAfter) {
            super(message, null, false, false);
            this.limit = limit;
            this.resetsAt = resetsAt;
            this.retryAfter = retryAfter;
        }

        public String limit() {
            return limit;
        }

        public Instant resetsAt() {
            return resetsAt;
        }

        /** The 429 problem+json for it, with {@code Retry-After} in whole seconds (rounded up, at least 1). */
        public ApiProblem toProblem() {
            var problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, LIMIT_EXCEEDED, getMessage());
            problem.getBody().setProperty("limit", limit);
            problem.getBody().setProperty("resetsAt", resetsAt == null ? null : resetsAt.toString());
            long seconds = (Math.max(retryAfter.toMillis(), 1) + 999) / 1000;
            problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            return problem;
        }
    }
}
