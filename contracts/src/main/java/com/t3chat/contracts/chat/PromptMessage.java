package com.t3chat.contracts.chat;

/**
 * One turn of the conversation a reply answers.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 */
public record PromptMessage(String role, String content) {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
}
