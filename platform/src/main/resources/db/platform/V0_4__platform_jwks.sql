-- The last good JWK set per JWK set URI, so that a restart or a new replica validates still-valid tokens while the
-- identity provider is unreachable (platform security, LastGoodJwkSet). A successful fetch replaces it.
create table platform_jwk_set (
    jwk_set_uri text primary key,
    jwk_set     text        not null,
    saved_at    timestamptz not null
);
