package com.t3chat.auth.me;

import java.time.Instant;

/** A row of {@code user_profile}; {@code null}s are unset (the answer falls back to the token or the default). */
record Profile(String userId, String displayName, String defaultModel, String theme, String customInstructions,
        Instant updatedAt) {

    static final String DEFAULT_THEME = "system";

    /** What a user who never changed anything has (not stored). */
    static Profile defaults(String userId) {
        return new Profile(userId, null, null, DEFAULT_THEME, null, null);
    }
}
