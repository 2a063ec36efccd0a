package com.t3chat.contracts.chat;

import java.util.List;

/**
 * One turn of the conversation a reply answers.
 *
 * @param role   {@code system}, {@code user} or {@code assistant}
 * @param images images attached to a user turn (sent to vision models as image parts; others get a note)
 */
public record PromptMessage(String role, String content, List<Image> images) {

    public PromptMessage {
        images = images == null ? List.of() : List.copyOf(images);
    }

    public PromptMessage(String role, String content) {
        this(role, content, List.of());
    }

    /**
     * An image inline in the prompt. Records on the bus are bounded (1 MB by default): the attachment pipeline
     * passes small or downscaled images.
     *
     * @param mediaType e.g. {@code image/png}
     * @param data      the image's bytes, base64
     */
    public record Image(String mediaType, String data) {
    }

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
}
