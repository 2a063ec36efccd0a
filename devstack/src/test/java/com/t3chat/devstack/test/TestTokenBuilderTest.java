package com.t3chat.devstack.test;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestTokenBuilderTest {

    private static TestJwtIssuer issuer;

    @BeforeAll
    static void startIssuer() {
        issuer = TestJwtIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @Test
    void tokenCarriesWhatKeycloakWouldPutThere() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issuer.token("alice", "user", "admin"));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.verify(new RSASSAVerifier(issuer.publicKey()))).isTrue();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(TestJwtIssuer.KEY_ID);
        assertThat(claims.getIssuer()).isEqualTo(issuer.issuerUri()).endsWith("/realms/t3chat");
        assertThat(claims.getAudience()).containsExactly("t3chat-api");
        assertThat(claims.getSubject()).isEqualTo(issuer.subject("alice"));
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.test");
        assertThat(claims.getJSONObjectClaim("realm_access")).isEqualTo(Map.of("roles", List.of("user", "admin")));
        assertThat(claims.getExpirationTime().toInstant())
                .isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
    }

    @Test
    void subjectIsStablePerUsername() {
        assertThat(issuer.subject("bob")).isEqualTo(TestJwtIssuer.subjectOf("bob")).isNotEqualTo(issuer.subject("alice"));
    }

    @Test
    void builderOverridesAudienceIssuerAndExpiry() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.builder("bob")
                .roles("moderator")
                .audience("someone-else")
                .issuer("http://evil.example/realms/t3chat")
                .expiresIn(Duration.ofMinutes(-5))
                .claim("tenant", "t1")
                .build()).getJWTClaimsSet();

        assertThat(claims.getAudience()).containsExactly("someone-else");
        assertThat(claims.getIssuer()).isEqualTo("http://evil.example/realms/t3chat");
        assertThat(claims.getExpirationTime().toInstant()).isBefore(Instant.now().minusSeconds(290));
        assertThat(claims.getIssueTime()).isBefore(claims.getExpirationTime());
        assertThat(claims.getStringClaim("tenant")).isEqualTo("t1");
    }

    @Test
    void tamperedTokenStillParsesButFailsTheSignature() throws Exception {
        String token = issuer.token("alice", "user");
        String tampered = TestJwtIssuer.tamper(token);

        assertThat(tampered).isNotEqualTo(token);
        assertThat(tampered.split("\\.")[2]).matches("[A-Za-z0-9_-]+");
        SignedJWT parsed = SignedJWT.parse(tampered);
        assertThat(parsed.getJWTClaimsSet().getSubject()).isEqualTo(issuer.subject("alice"));
        assertThat(parsed.verify(new RSASSAVerifier(issuer.publicKey()))).isFalse();
    }
}
