package com.t3chat.auth.me;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Only the fields present (and not {@code null}) change; {@code ""} clears a text field (the display name then falls
 * back to the token's).
 */
record UpdateMeRequest(
        @Size(max = 100) @Pattern(regexp = "|.*\\S.*", message = "must not be blank (\"\" clears it)")
        String displayName,
        @Valid PreferencesChange preferences) {

    record PreferencesChange(
            @Pattern(regexp = "|" + MODEL, message = "must look like <provider>/<model>, or be empty to clear it")
            String defaultModel,
            @Pattern(regexp = "light|dark|system", message = "must be one of light, dark, system")
            String theme,
            @Size(max = 4000)
            String customInstructions) {

        static final PreferencesChange NONE = new PreferencesChange(null, null, null);
    }

    /** The same shape chat-service accepts for a chat's model. */
    static final String MODEL = "[a-z0-9][a-z0-9._-]{0,39}/[A-Za-z0-9][A-Za-z0-9._:/-]{0,159}";

    PreferencesChange preferencesOrNone() {
        return preferences == null ? PreferencesChange.NONE : preferences;
    }
}
