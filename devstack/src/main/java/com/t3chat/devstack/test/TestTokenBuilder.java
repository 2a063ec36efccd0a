package com.t3chat.devstack.test;

import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shapes one test access token; {@link #build()} signs it. Defaults: no roles, audience {@code t3chat-api}, the
 * issuer's URI, valid for 5 minutes.
 */
public final class TestTokenBuilder {

    private final TestJwtIssuer issuer;
    private final String username;
    private final Map<String, Object> extraClaims = new LinkedHashMap<>();
    private List<String> roles = List.of();
    private List<String> audience = List.of(TestJwtIssuer.AUDIENCE);
    private String issuerUri;
    private Duration expiresIn = Duration.ofMinutes(5);

    TestTokenBuilder(TestJwtIssuer issuer, String username) {
        this.issuer = issuer;
        this.username = username;
        this.issuerUri = issuer.issuerUri();
    }

    /** Realm roles ({@code realm_access.roles}). */
    public TestTokenBuilder roles(String... roles) {
        this.roles = List.of(roles);
        return this;
    }

    /** Replaces the audience ({@code aud}); no argument: a token without audience. */
    public TestTokenBuilder audience(String... audience) {
        this.audience = List.of(audience);
        return this;
    }

    /** Replaces the issuer ({@code iss}), e.g. to test that a foreign issuer is refused. */
    public TestTokenBuilder issuer(String issuerUri) {
        this.issuerUri = issuerUri;
        return this;
    }

    /**
     * Lifetime from now; negative: already expired. Note that Spring Security tolerates 60 s of clock skew, so an
     * expired token meant to be refused should be expired by more than that (e.g. {@code Duration.ofMinutes(-5)}).
     */
    public TestTokenBuilder expiresIn(Duration expiresIn) {
        this.expiresIn = expiresIn;
        return this;
    }

    /** Any further claim. */
    public TestTokenBuilder claim(String name, Object value) {
        extraClaims.put(name, value);
        return this;
    }

    public String build() {
        Instant now = Instant.now();
        Instant expiry = now.plus(expiresIn);
        Instant issuedAt = expiry.isAfter(now) ? now : expiry.minus(Duration.ofMinutes(5));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuerUri)
                .subject(TestJwtIssuer.subjectOf(username))
                .issueTime(java.util.Date.from(issuedAt))
                .expirationTime(java.util.Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("typ", "Bearer")
                .claim("azp", "t3chat-web")
                .claim("scope", "openid profile email")
                .claim("preferred_username", username)
                .claim("email", username + "@example.test")
                .claim("email_verified", true)
                .claim("realm_access", Map.of("roles", new ArrayList<>(roles)));
        if (!audience.isEmpty()) {
            claims.audience(new ArrayList<>(audience));
        }
        extraClaims.forEach(claims::claim);
        return issuer.sign(claims.build());
    }
}
