package com.t3chat.llm.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.URI;
import org.springframework.stereotype.Component;

/**
 * resilience4j's circuit breakers, one per provider endpoint (a provider at its operator URL, or a user's own
 * server), and the retry policy for tries before a reply's first token.
 */
@Component
public class ProviderBreakers {

    private final CircuitBreakerRegistry breakers;
    private final RetryConfig retryConfig;

    ProviderBreakers(ResilienceProperties properties) {
        breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .minimumNumberOfCalls(properties.minimumCalls())
                .slidingWindowSize(properties.slidingWindow())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(ProviderErrors::providerFault)
                .build());
        retryConfig = RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.backoff(), 2.0))
                .retryOnException(ProviderErrors::retryable)
                .build();
    }

    /** The breaker of the endpoint these credentials reach. */
    public CircuitBreaker breakerFor(Credentials credentials) {
        String host;
        try {
            host = URI.create(credentials.baseUrl()).getHost();
        } catch (IllegalArgumentException | NullPointerException e) {
            host = "invalid";
        }
        return breakers.circuitBreaker(credentials.provider().id() + "@" + host);
    }

    /** A fresh retry state for one model of one reply. */
    public Retry.AsyncContext<Object> retryContext(String name) {
        return Retry.of(name, retryConfig).asyncContext();
    }
}
