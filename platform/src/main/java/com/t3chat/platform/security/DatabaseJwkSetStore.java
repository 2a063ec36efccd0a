package com.t3chat.platform.security;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The last good JWK set in the service's own database ({@code platform_jwk_set}, platform migration {@code V0_4}),
 * shared by all its replicas.
 */
final class DatabaseJwkSetStore implements JwkSetStore {

    private final DatabaseClient db;

    DatabaseJwkSetStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<String> load(String jwkSetUri) {
        return db.sql("select jwk_set from platform_jwk_set where jwk_set_uri = :uri")
                .bind("uri", jwkSetUri)
                .map(row -> row.get("jwk_set", String.class))
                .one();
    }

    @Override
    public Mono<Void> save(String jwkSetUri, String jwkSet) {
        return db.sql("""
                        insert into platform_jwk_set (jwk_set_uri, jwk_set, saved_at) values (:uri, :jwkSet, :at)
                        on conflict (jwk_set_uri) do update set jwk_set = excluded.jwk_set, saved_at = excluded.saved_at
                        """)
                .bind("uri", jwkSetUri)
                .bind("jwkSet", jwkSet)
                .bind("at", Instant.now())
                .then();
    }
}
