package com.t3chat.llm.provider;

import java.util.Arrays;
import java.util.Optional;

/**
 * The AI providers a model can come from, by the id used in the API ({@code PUT /api/keys/{provider}}) and in model
 * ids ({@code <provider>/<model>}).
 *
 * @param keyRequired whether a request needs an API key (Ollama and a self-hosted OpenAI-compatible server may
 *                    have none)
 * @param baseUrlRequired whether a user's key must come with a base URL (there is no public default endpoint)
 */
public enum ProviderId {

    OPENAI("openai", "OpenAI", true, false),
    ANTHROPIC("anthropic", "Anthropic", true, false),
    GEMINI("gemini", "Google Gemini", true, false),
    OPENROUTER("openrouter", "OpenRouter", true, false),
    OLLAMA("ollama", "Ollama", false, true),
    OPENAI_COMPATIBLE("openai-compatible", "OpenAI-compatible", false, true);

    private final String id;
    private final String displayName;
    private final boolean keyRequired;
    private final boolean baseUrlRequired;

    ProviderId(String id, String displayName, boolean keyRequired, boolean baseUrlRequired) {
        this.id = id;
        this.displayName = displayName;
        this.keyRequired = keyRequired;
        this.baseUrlRequired = baseUrlRequired;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public boolean keyRequired() {
        return keyRequired;
    }

    public boolean baseUrlRequired() {
        return baseUrlRequired;
    }

    /** Whether it speaks OpenAI's chat-completions API (and is driven by langchain4j's OpenAI client). */
    public boolean openAiProtocol() {
        return this == OPENAI || this == OPENROUTER || this == OPENAI_COMPATIBLE;
    }

    public static Optional<ProviderId> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
