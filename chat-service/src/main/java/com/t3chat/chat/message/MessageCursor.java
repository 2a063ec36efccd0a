package com.t3chat.chat.message;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** An opaque position in a branch: the next older message, where the next page starts. */
record MessageCursor(UUID messageId) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(messageId.toString().getBytes(StandardCharsets.UTF_8));
    }

    static MessageCursor decode(String cursor) {
        try {
            return new MessageCursor(UUID.fromString(
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    static ApiProblem invalid() {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.of("invalid-cursor"),
                "The cursor is not one this API handed out for this chat.");
    }
}
