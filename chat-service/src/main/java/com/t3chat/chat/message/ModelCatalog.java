package com.t3chat.chat.message;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which model ids llm-service offers a user (the catalogue, plus what the user's own endpoints list), asked with the
 * caller's own token and remembered per user (the token's subject, not the token: a user's next token needs no new
 * call) for a minute, at most {@value #CACHED_USERS} users, so that a message naming an unknown model is refused at
 * once instead of failing later. Concurrent first posts of a user share one call. When llm-service cannot be asked,
 * the answer is "unknown" (not remembered) and the message is accepted: llm-service then fails the reply with a
 * readable reason.
 */
@Component
class ModelCatalog {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);
    private static final Duration FRESH_FOR = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int CACHED_USERS = 50_000;

    private final LlmServiceClient llm;
    private final AsyncCache<String, Set<String>> bySubject = Caffeine.newBuilder()
            .expireAfterWrite(FRESH_FOR)
            .maximumSize(CACHED_USERS)
            .buildAsync();

    ModelCatalog(LlmServiceClient llm) {
        this.llm = llm;
    }

    /** The model ids available to {@code subject}, or empty if llm-service could not tell. */
    Mono<Optional<Set<String>>> modelIds(String subject, String bearerToken) {
        // a failed call leaves the cache (Caffeine drops a failed future); a cancelled post does not cancel the call
        return Mono.fromFuture(() -> bySubject.get(subject, (key, executor) -> llm.models("Bearer " + bearerToken)
                                .timeout(TIMEOUT)
                                .map(ModelCatalog::ids)
                                .toFuture()), true)
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.debug("llm-service's model catalogue is unavailable: {}", e.toString());
                    return Mono.just(Optional.empty());
                });
    }

    private static Set<String> ids(LlmServiceClient.Models models) {
        List<LlmServiceClient.Models.Model> items = models.items() == null ? List.of() : models.items();
        return items.stream().filter(Objects::nonNull).map(LlmServiceClient.Models.Model::id)
                .filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }
}
