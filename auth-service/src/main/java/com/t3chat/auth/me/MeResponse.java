package com.t3chat.auth.me;

import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;

record MeResponse(String subject, String username, String email, List<String> roles) {

    static MeResponse from(Jwt jwt) {
        List<String> roles = jwt.getClaims().get("realm_access") instanceof Map<?, ?> access
                && access.get("roles") instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).sorted().toList()
                : List.of();
        return new MeResponse(jwt.getSubject(), jwt.getClaimAsString("preferred_username"),
                jwt.getClaimAsString("email"), roles);
    }
}
