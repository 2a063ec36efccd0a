package com.t3chat.attachment.attachment;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** An opaque position in a user's file list: the last file of the previous page. */
record AttachmentCursor(Instant createdAt, UUID id) {

    static AttachmentCursor of(Attachment attachment) {
        return new AttachmentCursor(attachment.createdAt(), attachment.id());
    }

    String encode() {
        String raw = createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static AttachmentCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new AttachmentCursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.of("invalid-cursor"),
                    "The cursor is not one this API handed out.");
        }
    }
}
