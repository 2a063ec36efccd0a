package com.t3chat.platform.security;

import reactor.core.publisher.Mono;

/**
 * Where the last good JWK set survives a restart and reaches a new replica: the service's database, or a file for a
 * service without one. Two implementations; {@link LastGoodJwkSet} is the only caller.
 */
interface JwkSetStore {

    /** The stored JWK set (JSON) for this URI; empty when there is none. */
    Mono<String> load(String jwkSetUri);

    /** Replaces the stored JWK set for this URI. */
    Mono<Void> save(String jwkSetUri, String jwkSet);
}
