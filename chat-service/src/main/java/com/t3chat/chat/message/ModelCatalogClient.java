package com.t3chat.chat.message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Which model ids llm-service offers the caller (the catalogue, plus what the caller's own endpoints list), asked
 * with the caller's own token and remembered per token for a minute, so that a message naming an unknown model is
 * refused at once instead of failing later. When llm-service cannot be asked,
 * the answer is "unknown" and the message is accepted: llm-service then fails the reply with a readable reason.
 */
@Component
class ModelCatalogClient {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalogClient.class);
    private static final Duration FRESH_FOR = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private static final int CACHED_CALLERS = 10_000;

    private final WebClient llm;
    private final Map<String, Cached> cached = new ConcurrentHashMap<>();

    ModelCatalogClient(@Value("${t3chat.services.llm:http://localhost:8083}") String llmServiceUrl) {
        this.llm = WebClient.create(llmServiceUrl);
    }

    /** The available model ids, or empty if llm-service could not tell. */
    Mono<Optional<Set<String>>> modelIds(String bearerToken) {
        Cached current = cached.get(bearerToken);
        if (current != null && current.fetchedAtNanos() + FRESH_FOR.toNanos() > System.nanoTime()) {
            return Mono.just(Optional.of(current.ids()));
        }
        return llm.get().uri("/api/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .retrieve()
                .bodyToMono(JSON)
                .timeout(TIMEOUT)
                .map(ModelCatalogClient::ids)
                .doOnNext(ids -> {
                    if (cached.size() >= CACHED_CALLERS) {
                        cached.clear(); // bounded; a caller's list is cheap to ask again
                    }
                    cached.put(bearerToken, new Cached(ids, System.nanoTime()));
                })
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.debug("llm-service's model catalogue is unavailable: {}", e.toString());
                    return Mono.just(Optional.empty());
                });
    }

    private static Set<String> ids(Map<String, Object> catalogue) {
        if (!(catalogue.get("items") instanceof List<?> items)) {
            return Set.of();
        }
        return items.stream()
                .filter(Map.class::isInstance)
                .map(item -> ((Map<?, ?>) item).get("id"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .collect(Collectors.toUnmodifiableSet());
    }

    private record Cached(Set<String> ids, long fetchedAtNanos) {
    }
}
