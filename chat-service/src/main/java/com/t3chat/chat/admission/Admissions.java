package com.t3chat.chat.admission;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.t3chat.contracts.llm.AdmissionChanged;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The operator's limits on system-key replies, checked at posting without a call to llm-service: llm-service
 * announces each change of a user's admission ({@link AdmissionChanged}), this keeps the newest per user and refuses
 * a post while it refuses — not yet reset, for a model of a provider the user has no own key for, not the offline
 * model. No announcement means admitted. A user's admission is read from memory for {@code cachedFor} (a change
 * consumed here drops it at once; one consumed by another replica is seen within that time), and a model whose
 * provider cannot be told is admitted: llm-service checks again when it starts the reply, as it does for the posts
 * in flight when a limit is reached. A refusal that frees when a reply ends refuses for at most
 * {@code refusalWithoutResetFor} if that end is never announced (a generator that died).
 */
@Service
public class Admissions {

    public static final URI LIMIT_EXCEEDED = ProblemTypes.of("limit-exceeded");
    private static final Logger log = LoggerFactory.getLogger(Admissions.class);
    private static final String OFFLINE = "offline";
    private static final String CONCURRENT = "concurrent";
    private static final long UNKNOWN_RETRY_SECONDS = 60;
    private static final int CACHED_USERS = 100_000;

    private final AdmissionRepository admissions;
    private final AdmissionProperties properties;
    private final AsyncCache<String, Optional<Admission>> byOwner;
    private final Clock clock = Clock.systemUTC();

    Admissions(AdmissionRepository admissions, AdmissionProperties properties) {
        this.admissions = admissions;
        this.properties = properties;
        this.byOwner = Caffeine.newBuilder()
                .expireAfterWrite(properties.cachedFor())
                .maximumSize(CACHED_USERS)
                .buildAsync();
    }

    /**
     * Completes empty when {@code ownerId} may ask for a reply with {@code model}; fails with the 429 problem
     * llm-service would answer (type, detail, {@code limit}, {@code resetsAt}, {@code Retry-After}) otherwise.
     */
    public Mono<Void> admit(String ownerId, String model) {
        String provider = providerOf(model);
        if (provider == null || OFFLINE.equals(provider)) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> byOwner.get(ownerId, (owner, executor) -> admissions.find(owner)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .toFuture()), true)
                .onErrorResume(e -> {
                    log.debug("Admission of a user not readable, admitting: {}", e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(found -> {
                    Instant now = clock.instant();
                    return found.filter(admission -> admission.refuses(provider, now, properties.refusalWithoutResetFor()))
                            .map(admission -> Mono.<Void>error(refusal(admission, now)))
                            .orElse(Mono.empty());
                });
    }

    /** Keeps the change if it is the user's newest (a replay or an older one changes nothing). */
    Mono<Void> on(AdmissionChanged change) {
        return admissions.keep(change)
                .doOnNext(kept -> byOwner.synchronous().invalidate(change.ownerId()))
                .then();
    }

    /**
     * The provider of a model: the catalogue's ids are {@code <provider>/<model>} (llm-service validates curated ids
     * so, and names listed models so); null for an id without one.
     */
    static String providerOf(String model) {
        int slash = model == null ? -1 : model.indexOf('/');
        return slash <= 0 ? null : model.substring(0, slash);
    }

    private ApiProblem refusal(Admission admission, Instant now) {
        String detail = admission.detail() != null ? admission.detail()
                : "You reached a limit on the use of the system keys. Try again later.";
        var problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, LIMIT_EXCEEDED, detail);
        problem.getBody().setProperty("limit", admission.limit());
        problem.getBody().setProperty("resetsAt", admission.resetsAt() == null ? null
                : admission.resetsAt().toString());
        long retryAfter = admission.resetsAt() != null ? ApiProblem.retryAfterSeconds(admission.resetsAt(), now)
                : CONCURRENT.equals(admission.limit())
                        ? ApiProblem.retryAfterSeconds(now.plus(properties.retryConcurrentAfter()), now)
                        : UNKNOWN_RETRY_SECONDS;
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        return problem;
    }
}
