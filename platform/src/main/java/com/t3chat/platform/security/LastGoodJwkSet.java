package com.t3chat.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * The JWK set fetch of the JWT decoder, with a memory: every good answer (a parseable set with at least one key) is
 * stored, and when the identity provider cannot be reached (connection failure, timeout, an error status, garbage)
 * the stored copy answers instead. A successful fetch always wins, so rotated keys replace the stored ones; Nimbus
 * still refetches when a token names an unknown {@code kid}. Only the fetch path pays for this: Nimbus keeps the set
 * in memory between fetches, and an unchanged set is not written again.
 */
final class LastGoodJwkSet implements ExchangeFilterFunction {

    private static final Logger log = LoggerFactory.getLogger(LastGoodJwkSet.class);

    private final JwkSetStore store;
    private final Duration timeout;
    private final Map<String, String> lastSaved = new ConcurrentHashMap<>();

    LastGoodJwkSet(JwkSetStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String uri = request.url().toString();
        return next.exchange(request)
                .timeout(timeout)
                .flatMap(response -> {
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new IllegalStateException(
                                "the JWK set URI answered " + response.statusCode())));
                    }
                    return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
                        if (!usable(body)) {
                            return Mono.error(new IllegalStateException("the JWK set URI answered no usable key set"));
                        }
                        return remember(uri, body).thenReturn(answer(body));
                    });
                })
                .onErrorResume(failure -> store.load(uri)
                        .onErrorResume(e -> {
                            log.warn("Cannot read the stored JWK set for {}: {}", uri, e.toString());
                            return Mono.empty();
                        })
                        .filter(LastGoodJwkSet::usable)
                        .map(stored -> {
                            log.warn("JWK set {} unavailable ({}): using the last good copy", uri, failure.toString());
                            return answer(stored);
                        })
                        .switchIfEmpty(Mono.error(failure)));
    }

    private Mono<Void> remember(String uri, String jwkSet) {
        if (jwkSet.equals(lastSaved.get(uri))) {
            return Mono.empty();
        }
        return store.save(uri, jwkSet)
                .doOnSuccess(done -> lastSaved.put(uri, jwkSet))
                .onErrorResume(e -> {
                    log.warn("Cannot store the JWK set for {}: {}", uri, e.toString());
                    return Mono.empty();
                });
    }

    static boolean usable(String jwkSet) {
        try {
            return !JWKSet.parse(jwkSet).getKeys().isEmpty();
        } catch (ParseException e) {
            return false;
        }
    }

    private static ClientResponse answer(String jwkSet) {
        return ClientResponse.create(HttpStatus.OK)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .body(jwkSet)
                .build();
    }
}
