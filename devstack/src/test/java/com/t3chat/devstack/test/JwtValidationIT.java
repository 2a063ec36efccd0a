package com.t3chat.devstack.test;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens go through Spring Security's real reactive validation path: JWKS over HTTP, issuer, audience, expiry. */
class JwtValidationIT {

    private static TestJwtIssuer jwt;
    private static ReactiveJwtDecoder decoder;

    @BeforeAll
    static void decoder() {
        jwt = TestInfra.shared().jwt();
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(jwt.issuerUri()),
                new JwtAudienceValidator(TestJwtIssuer.AUDIENCE)));
        decoder = nimbus;
    }

    @Test
    void validTokenDecodesWithItsClaims() {
        Jwt decoded = decoder.decode(jwt.token("alice", "user", "admin")).block();

        assertThat(decoded.getSubject()).isEqualTo(jwt.subject("alice"));
        assertThat(decoded.getIssuer().toString()).isEqualTo(jwt.issuerUri());
        assertThat(decoded.getAudience()).containsExactly("t3chat-api");
        assertThat(decoded.getClaimAsString("preferred_username")).isEqualTo("alice");
        assertThat(decoded.getClaimAsString("email")).isEqualTo("alice@example.test");
        assertThat(decoded.getClaimAsMap("realm_access")).isEqualTo(Map.of("roles", List.of("user", "admin")));
    }

    @Test
    void issuerLocationDiscoveryWorks() {
        ReactiveJwtDecoder discovered = ReactiveJwtDecoders.fromIssuerLocation(jwt.issuerUri());
        assertThat(discovered.decode(jwt.token("bob", "user")).block().getClaimAsString("preferred_username"))
                .isEqualTo("bob");
    }

    @Test
    void tamperedSignatureIsRefused() {
        String forged = TestJwtIssuer.tamper(jwt.token("alice", "user"));
        assertThatThrownBy(() -> decoder.decode(forged).block())
                .isInstanceOf(BadJwtException.class)
                .rootCause().hasMessageContaining("Invalid signature");
    }

    @Test
    void expiredWrongAudienceAndForeignIssuerAreRefused() {
        String expired = jwt.builder("alice").roles("user").expiresIn(Duration.ofMinutes(-5)).build();
        String otherAudience = jwt.builder("alice").audience("another-api").build();
        String foreign = jwt.builder("alice").issuer("http://127.0.0.1:1/realms/t3chat").build();

        assertThatThrownBy(() -> decoder.decode(expired).block()).hasMessageContaining("expired");
        assertThatThrownBy(() -> decoder.decode(otherAudience).block()).hasMessageContaining("aud");
        assertThatThrownBy(() -> decoder.decode(foreign).block()).hasMessageContaining("iss");
    }
}
