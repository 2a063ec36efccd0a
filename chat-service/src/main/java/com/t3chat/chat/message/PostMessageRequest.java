package com.t3chat.chat.message;

import com.t3chat.chat.attachment.MessageAttachments;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * @param parentId      the message to answer under; absent means "after the chat's current leaf"
 * @param root          true to post a new first message (an edit of the chat's first message); excludes parentId
 * @param model         a catalogue id such as {@code offline/demo}; absent means the chat's model, else the default
 * @param attachmentIds the caller's files (attachment-service ids) the message carries, in order; absent means none
 */
record PostMessageRequest(@NotBlank String content, UUID parentId, Boolean root,
        @Pattern(regexp = ModelIds.PATTERN, message = ModelIds.MESSAGE) String model,
        @ArraySchema(arraySchema = @Schema(description = "The caller's files (ids from POST /api/attachments) the "
                + "message carries, in order, each at most once. Each must be the caller's (else 404 not-found) and "
                + "not failed (else 409 attachment-failed); 503 when attachment-service cannot confirm them. An edit "
                + "is a new message: send the ids again to keep the files."), maxItems = MessageAttachments.MAX_PER_MESSAGE,
                uniqueItems = true)
        @Size(max = MessageAttachments.MAX_PER_MESSAGE) List<@NotNull UUID> attachmentIds) {

    boolean atRoot() {
        return Boolean.TRUE.equals(root);
    }

    /** The attachment ids, an empty list when the request names none. */
    List<UUID> attachments() {
        return attachmentIds == null ? List.of() : attachmentIds;
    }
}
