package com.t3chat.llm.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The model catalogue ({@code t3chat.models}): the curated models an operator offers (edited in config-repo, no
 * rebuild), the defaults, and the built-in offline model.
 *
 * @param defaultModel  the model used when a request names none; unset: the first curated model the operator has a
 *                      system key for, else {@code offline/demo}
 * @param fallbackModel answers when the chosen model fails before its first token (unset: no fallback)
 * @param curated       the models offered, in menu order
 * @param listed        what a model a provider lists by itself (OpenRouter, Ollama, OpenAI-compatible) is assumed
 *                      to have
 * @param offline       the built-in offline model
 */
@Validated
@ConfigurationProperties("t3chat.models")
public record ModelProperties(String defaultModel, String fallbackModel, @Valid List<Curated> curated,
        @Valid @DefaultValue Listed listed, @Valid @DefaultValue Offline offline) {

    public ModelProperties {
        curated = curated == null ? List.of() : List.copyOf(curated);
    }

    /**
     * @param id              {@code <provider>/<model name at the provider>}, e.g. {@code openai/gpt-4o-mini}
     * @param displayName     what the model menu shows (default: the model name)
     * @param contextWindow   tokens the model accepts, prompt and reply together
     * @param maxOutputTokens the longest reply asked for
     * @param capabilities    vision, reasoning, tools, files
     * @param price           dollars per million input/output tokens (unset: unknown, costs count as 0)
     * @param systemKey       whether users without a key of their own may use it with the operator's key
     */
    public record Curated(
            @NotBlank @Pattern(regexp = "[a-z-]+/.+", message = "must be <provider>/<model>") String id,
            String displayName,
            @DefaultValue("128000") @Min(1024) int contextWindow,
            @DefaultValue("4096") @Min(16) int maxOutputTokens,
            Set<Capability> capabilities,
            @Valid Price price,
            @DefaultValue("false") boolean systemKey) {
    }

    /** Assumptions for models a provider lists by itself (they come without metadata). */
    public record Listed(
            @DefaultValue("32768") @Min(1024) int contextWindow,
            @DefaultValue("4096") @Min(16) int maxOutputTokens,
            @DefaultValue("true") boolean systemKey) {
    }

    /**
     * @param tokensPerSecond the average pace of its replies (each token waits ±⅓ of the average, seeded by
     *                        the prompt)
     * @param contextWindow   the context window it announces (prompts are trimmed to it like any model's)
     * @param maxOutputTokens its longest reply; a longer one is cut with finish reason {@code length}
     */
    public record Offline(
            @DefaultValue("45") @Min(1) @Max(10_000) int tokensPerSecond,
            @DefaultValue("8192") @Min(512) int contextWindow,
            @DefaultValue("2048") @Min(16) int maxOutputTokens) {
    }
}
