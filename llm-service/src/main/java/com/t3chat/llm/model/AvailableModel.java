package com.t3chat.llm.model;

import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * A model users can pick: its catalogue entry and the langchain4j model that streams its replies.
 *
 * @param id              the catalogue id, {@code <provider>/<model>} (e.g. {@code offline/demo})
 * @param contextWindow   tokens the model accepts, prompt and reply together
 * @param maxOutputTokens the longest reply asked of it, in tokens
 */
public record AvailableModel(String id, String displayName, String provider, int contextWindow, int maxOutputTokens,
        StreamingChatModel model) {

    /** Tokens left for the prompt once the reply's share of the context window is reserved. */
    public int maxInputTokens() {
        return Math.max(0, contextWindow - maxOutputTokens);
    }
}
