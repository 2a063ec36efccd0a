package com.t3chat.platform.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers a token it has validated, by the token's exact text, until the token expires (at most
 * {@link #AT_MOST}): a client sends the same access token with every request for minutes, and checking its RSA
 * signature again each time was the largest part of the gateway's and every service's work per request. A token that
 * differs in one character is another key and is validated in full; a token that fails is not remembered. What this
 * gives up: a token signed by a key the identity provider has since withdrawn stays accepted here until it expires,
 * as it already would by any replica that had cached the old JWK set.
 */
final class CachedJwtDecoder implements ReactiveJwtDecoder {

    static final Duration AT_MOST = Duration.ofMinutes(5);
    private static final int TOKENS = 10_000;

    private final ReactiveJwtDecoder delegate;
    private final Clock clock;
    private final AsyncCache<String, Jwt> validated;

    CachedJwtDecoder(ReactiveJwtDecoder delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.validated = Caffeine.newBuilder()
                .maximumSize(TOKENS)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt)))
                .buildAsync();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return Mono.fromFuture(() -> validated.get(token, (key, executor) -> delegate.decode(key).toFuture()), true)
                .filter(jwt -> jwt.getExpiresAt() == null || jwt.getExpiresAt().isAfter(clock.instant()))
                // expired since it was remembered: the decoder says so in its own words
                .switchIfEmpty(Mono.defer(() -> delegate.decode(token)));
    }

    private Duration lifetime(Jwt jwt) {
        Instant expires = jwt.getExpiresAt();
        if (expires == null) {
            return AT_MOST;
        }
        Duration left = Duration.between(clock.instant(), expires);
        return left.isNegative() ? Duration.ZERO : left.compareTo(AT_MOST) > 0 ? AT_MOST : left;
    }
}
