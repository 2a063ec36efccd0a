package com.t3chat.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void keycloaksOriginIsTheIssuersSchemeHostAndPort() {
        assertThat(ContentSecurityPolicy.origin("http://localhost:8180/realms/t3chat")).isEqualTo("http://localhost:8180");
        assertThat(ContentSecurityPolicy.origin("https://Login.Example.com/realms/t3chat/"))
                .isEqualTo("https://login.example.com");
        assertThat(ContentSecurityPolicy.origin("https://login.example.com:8443/auth/realms/t3chat"))
                .isEqualTo("https://login.example.com:8443");
        assertThatThrownBy(() -> ContentSecurityPolicy.origin("/realms/t3chat"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePolicyAllowsKeycloakOnlyForTokenRequestsAndForms() {
        String policy = ContentSecurityPolicy.forIssuer("http://localhost:8180/realms/t3chat").header();
        assertThat(policy).contains("connect-src 'self' http://localhost:8180;", "form-action 'self' http://localhost:8180;",
                "script-src 'self';", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'");
        assertThat(policy.split("http://localhost:8180", -1)).hasSize(3);
    }

    @Test
    void withoutAnIssuerOnlyOurOwnOriginIsAllowed() {
        assertThat(ContentSecurityPolicy.forIssuer(null).header())
                .contains("connect-src 'self';", "form-action 'self';")
                .doesNotContain("http");
    }
}
