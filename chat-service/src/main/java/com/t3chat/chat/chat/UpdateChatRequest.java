package com.t3chat.chat.chat;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Only the fields present change.
 *
 * @param fallbackModel answers when the chat's model fails before its first token; {@code ""} clears it
 */
record UpdateChatRequest(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String title, Boolean pinned, Boolean archived,
        @Pattern(regexp = MODEL, message = "must look like <provider>/<model>, e.g. offline/demo") String model,
        @Pattern(regexp = "|" + MODEL, message = "must look like <provider>/<model>, or be empty to clear it")
        String fallbackModel) {

    static final String MODEL = "[a-z0-9][a-z0-9._-]{0,39}/[A-Za-z0-9][A-Za-z0-9._:/-]{0,159}";
}
