package com.t3chat.chat.message;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultModel     the model of a message whose request and chat name none
 * @param maxContentLength the longest message a user may post, in characters
 * @param maxHistoryChars  how much of the branch a reply request carries (newest turns kept); llm-service trims
 *                         further to the model's context window
 */
@ConfigurationProperties("t3chat.messages")
@Validated
public record MessageProperties(
        @DefaultValue("offline/demo") @NotBlank String defaultModel,
        @DefaultValue("100000") @Min(1) int maxContentLength,
        @DefaultValue("400000") @Min(1) int maxHistoryChars) {
}
