package com.t3chat.llm.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The model catalogue's settings.
 *
 * @param defaultModel the model used when a request names none; unset: the first provider model, or
 *                     {@code offline/demo} when no provider is configured
 * @param offline      the built-in offline model
 */
@Validated
@ConfigurationProperties("t3chat.models")
public record ModelProperties(String defaultModel, @Valid @DefaultValue Offline offline) {

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
