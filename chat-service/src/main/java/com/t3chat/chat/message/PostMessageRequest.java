package com.t3chat.chat.message;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/**
 * @param parentId the message to answer under; absent means "after the chat's current leaf"
 * @param root     true to post a new first message (an edit of the chat's first message); excludes parentId
 * @param model    a catalogue id such as {@code offline/demo}; absent means the chat's model, else the default
 */
record PostMessageRequest(@NotBlank String content, UUID parentId, Boolean root,
        @Pattern(regexp = ModelIds.PATTERN, message = ModelIds.MESSAGE) String model) {

    boolean atRoot() {
        return Boolean.TRUE.equals(root);
    }
}
