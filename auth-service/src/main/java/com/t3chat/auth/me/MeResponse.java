package com.t3chat.auth.me;

import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * @param displayName the one the user chose, else the token's {@code name}, else the username
 */
record MeResponse(String subject, String username, String email, List<String> roles, String displayName,
        Preferences preferences) {

    record Preferences(String defaultModel, String theme, String customInstructions) {
    }

    static MeResponse from(Jwt jwt, Profile profile) {
        List<String> roles = jwt.getClaims().get("realm_access") instanceof Map<?, ?> access
                && access.get("roles") instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).sorted().toList()
                : List.of();
        String username = jwt.getClaimAsString("preferred_username");
        String displayName = firstPresent(profile.displayName(), jwt.getClaimAsString("name"), username);
        return new MeResponse(jwt.getSubject(), username, jwt.getClaimAsString("email"), roles, displayName,
                new Preferences(profile.defaultModel(), profile.theme(), profile.customInstructions()));
    }

    private static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
