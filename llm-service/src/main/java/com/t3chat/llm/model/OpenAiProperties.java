package com.t3chat.llm.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * An OpenAI-compatible provider (OpenAI itself, or any endpoint speaking its chat-completions API). Its models join
 * the catalogue as {@code openai/<name>} only when an API key is set.
 *
 * @param baseUrl the API root, ending in {@code /v1}
 * @param apiKey  the system key, from the environment ({@code OPENAI_API_KEY}); blank: the provider is off
 * @param timeout connect and response timeout of a request
 * @param models  the models offered
 */
@Validated
@ConfigurationProperties("t3chat.providers.openai")
public record OpenAiProperties(
        @DefaultValue("https://api.openai.com/v1") @NotBlank String baseUrl,
        String apiKey,
        @DefaultValue("60s") @NotNull Duration timeout,
        @Valid List<Model> models) {

    public OpenAiProperties {
        models = models == null ? List.of() : List.copyOf(models);
    }

    public boolean enabled() {
        return apiKey != null && !apiKey.isBlank() && !models.isEmpty();
    }

    /**
     * @param name            the provider's model name, e.g. {@code gpt-4o-mini}
     * @param displayName     what the model menu shows (default: the name)
     * @param contextWindow   tokens the model accepts, prompt and reply together
     * @param maxOutputTokens the longest reply asked for
     */
    public record Model(
            @NotBlank String name,
            String displayName,
            @DefaultValue("128000") @Min(1024) int contextWindow,
            @DefaultValue("4096") @Min(16) int maxOutputTokens) {
    }
}
