package com.t3chat.llm.usage;

import com.t3chat.llm.chat.KnownChats;
import com.t3chat.llm.key.KeyService;
import com.t3chat.llm.model.ModelCatalog;
import com.t3chat.platform.problem.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Usage: tokens and cost per model and day (the caller's; every user's for admins with {@code scope=all}), and the
 * admission check an older chat-service makes before it accepts a message (429 when a system-key limit is reached).
 */
@RestController
class UsageController {

    private static final int MAX_DAYS = 366;

    private final UsageLedger ledger;
    private final KnownChats knownChats;
    private final Budgets budgets;
    private final ModelCatalog catalog;
    private final KeyService keys;
    private final Clock clock = Clock.systemUTC();

    UsageController(UsageLedger ledger, KnownChats knownChats, Budgets budgets, ModelCatalog catalog,
            KeyService keys) {
        this.ledger = ledger;
        this.knownChats = knownChats;
        this.budgets = budgets;
        this.catalog = catalog;
        this.keys = keys;
    }

    /**
     * @param from  first day (UTC, {@code YYYY-MM-DD}), default 29 days before {@code to}
     * @param to    last day, included, default today
     * @param scope {@code me} (default) or {@code all} (admins: every user, per user)
     */
    @GetMapping("/api/usage")
    Mono<UsageResponse> usage(@AuthenticationPrincipal Jwt jwt, Authentication authentication,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "me") String scope) {
        LocalDate last = to == null ? LocalDate.now(clock) : day("to", to);
        LocalDate first = from == null ? last.minusDays(29) : day("from", from);
        if (first.isAfter(last)) {
            throw ApiProblem.invalidField("from", "must not be after 'to'");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw ApiProblem.invalidField("from", "the range may cover at most " + MAX_DAYS + " days");
        }
        boolean all = switch (scope) {
            case "me" -> false;
            case "all" -> true;
            default -> throw ApiProblem.invalidField("scope", "must be 'me' or 'all'");
        };
        if (all && authentication.getAuthorities().stream().noneMatch(a -> "ROLE_admin".equals(a.getAuthority()))) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, com.t3chat.platform.problem.ProblemTypes.forStatus(
                    HttpStatus.FORBIDDEN), "Only admins can see every user's usage.");
        }
        String owner = all ? null : jwt.getSubject();
        return Mono.zip(ledger.daily(owner, first, last).collectList(), knownChats.countOwnedBy(jwt.getSubject()))
                .map(result -> UsageResponse.of(jwt.getSubject(), first, last, result.getT1(), result.getT2()));
    }

    /**
     * 204 if the caller may start a reply with this model now; 429 problem naming the limit otherwise.
     *
     * @deprecated chat-service admits from {@code AdmissionChanged} events ({@link Admissions}); kept for one
     *             release so that a chat-service of the previous version keeps working during a rolling upgrade
     */
    @Deprecated
    @GetMapping("/api/usage/admission")
    Mono<ResponseEntity<Void>> admission(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String model) {
        var found = catalog.find(model);
        if (found.isEmpty() || found.get().offline()) {
            return Mono.just(ResponseEntity.noContent().build());
        }
        var provider = found.get().providerId().orElseThrow();
        return keys.ownKeys(jwt.getSubject())
                .flatMap(own -> own.containsKey(provider) ? Mono.<Void>empty() : budgets.admit(jwt.getSubject()))
                .onErrorMap(Budgets.LimitExceededException.class, Budgets.LimitExceededException::toProblem)
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    private static LocalDate day(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField(field, "must be a date like 2026-11-24");
        }
    }

    /**
     * @param chats how many of the caller's chats llm-service knows of (learned from chat-service's events)
     */
    record UsageResponse(String subject, LocalDate from, LocalDate to, List<UsageRow> items, Totals totals,
            long chats) {

        static UsageResponse of(String subject, LocalDate from, LocalDate to, List<UsageLedger.DailyUse> rows,
                long chats) {
            List<UsageRow> items = rows.stream().map(UsageRow::from).toList();
            var totals = new Totals(items.stream().mapToLong(UsageRow::requests).sum(),
                    items.stream().mapToLong(UsageRow::inputTokens).sum(),
                    items.stream().mapToLong(UsageRow::outputTokens).sum(),
                    items.stream().map(UsageRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add));
            return new UsageResponse(subject, from, to, items, totals, chats);
        }
    }

    /** @param userId only in the every-user view */
    record UsageRow(LocalDate day, String model, String userId, long requests, long inputTokens, long outputTokens,
            BigDecimal costUsd) {

        static UsageRow from(UsageLedger.DailyUse use) {
            return new UsageRow(use.day(), use.model(), use.userId(), use.requests(), use.inputTokens(),
                    use.outputTokens(), use.cost().stripTrailingZeros());
        }
    }

    record Totals(long requests, long inputTokens, long outputTokens, BigDecimal costUsd) {
    }
}
