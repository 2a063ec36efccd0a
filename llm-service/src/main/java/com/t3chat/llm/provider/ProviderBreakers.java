package com.t3chat.llm.provider;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * resilience4j's circuit breakers, one per provider endpoint and key source (ADR 0026), and the retry policy for
 * tries before a reply's first token.
 *
 * <p>A breaker is named {@code <provider>@<scheme>://<host>:<port>|system} for the operator's key, and
 * {@code …|own:<ownerId>} when a user's own key or own base URL answers: one user's broken server or revoked key
 * opens only that user's breaker, never everyone's. Only the provider's faults count (5xx, timeouts, broken
 * connections); a full connection pool ({@code PoolBusy}), a call the breaker itself refused and rate limits are
 * ignored — they say nothing about the endpoint's health. Breakers live in a bounded cache (idle ones are dropped
 * after an hour, at most {@value #MAX_BREAKERS}); a dropped breaker was closed or has been idle longer than
 * {@code open-for}, so forgetting it loses nothing worth keeping.
 */
@Component
public class ProviderBreakers {

    static final int MAX_BREAKERS = 10_000;
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final LoadingCache<String, CircuitBreaker> breakers;

    ProviderBreakers(ResilienceProperties properties) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED) // seconds, not calls
                .slidingWindowSize((int) Math.max(1, properties.slidingWindow().toSeconds()))
                .minimumNumberOfCalls(properties.minimumCalls())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(ProviderErrors::ignoredByBreakers)
                .recordException(ProviderErrors::providerFault)
                .build();
        breakers = Caffeine.newBuilder()
                .expireAfterAccess(FORGET_AFTER)
                .maximumSize(MAX_BREAKERS)
                .build(name -> CircuitBreaker.of(name, config));
    }

    /**
     * The breaker of the endpoint these credentials reach, for whoever's key (and URL) it is.
     *
     * @param ownerId the user the reply is for: the breaker is theirs alone when the key or the URL is theirs
     */
    public CircuitBreaker breakerFor(Credentials credentials, String ownerId) {
        return breakers.get(nameOf(credentials, ownerId));
    }

    static String nameOf(Credentials credentials, String ownerId) {
        boolean own = credentials.source() == Credentials.KeySource.OWN || credentials.userUrl();
        return credentials.provider().id() + "@" + endpointOf(credentials.baseUrl())
                + (own ? "|own:" + ownerId : "|system");
    }

    /** {@code scheme://host:port} of a base URL (the default port made explicit), or {@code invalid}. */
    static String endpointOf(String baseUrl) {
        try {
            URI url = URI.create(baseUrl);
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
            if (url.getHost() == null) {
                return "invalid";
            }
            return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException | NullPointerException e) {
            return "invalid";
        }
    }

    /** How many breakers are kept now (for tests and metrics). */
    long size() {
        breakers.cleanUp();
        return breakers.estimatedSize();
    }
}
