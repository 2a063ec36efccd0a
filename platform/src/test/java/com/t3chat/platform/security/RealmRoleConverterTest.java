package com.t3chat.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class RealmRoleConverterTest {

    private final RealmRoleConverter converter = new RealmRoleConverter();

    @Test
    void realmRolesBecomeRoleAuthorities() {
        var jwt = jwt(Map.of("realm_access", Map.of("roles", List.of("user", "admin"))));

        assertThat(converter.convert(jwt)).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_user", "ROLE_admin");
    }

    @Test
    void aTokenWithoutRealmRolesHasNoAuthorities() {
        assertThat(converter.convert(jwt(Map.of("scope", "openid")))).isEmpty();
        assertThat(converter.convert(jwt(Map.of("realm_access", "not-an-object")))).isEmpty();
        assertThat(converter.convert(jwt(Map.of("realm_access", Map.of("roles", List.of(1, "user"))))))
                .extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_user");
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("t").header("alg", "none").subject("s").claims(c -> c.putAll(claims))
                .issuedAt(Instant.now()).build();
    }
}
