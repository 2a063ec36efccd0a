package com.t3chat.attachment.attachment;

import com.t3chat.platform.problem.ApiProblem;
import java.util.UUID;

/** A chat id as a client sends it (a query parameter or a form field). */
public final class ChatIds {

    private ChatIds() {
    }

    /** Null when absent or blank; {@code 400 validation} (field {@code chatId}) when not a UUID. */
    public static UUID parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            UUID id = UUID.fromString(trimmed);
            if (id.toString().equalsIgnoreCase(trimmed)) {
                return id;
            }
        } catch (IllegalArgumentException notAUuid) {
            // refused below
        }
        throw ApiProblem.invalidField("chatId", "must be a UUID");
    }
}
