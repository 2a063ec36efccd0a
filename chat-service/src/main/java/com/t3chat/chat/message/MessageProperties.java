package com.t3chat.chat.message;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sizes are counted in the bytes a text takes on the bus (UTF-8 inside JSON, escapes included), because that is what
 * Kafka limits (1 MiB per record by default): 100,000 characters of Chinese are 300 KB, of emoji up to 200 KB.
 *
 * @param defaultModel     the model of a message whose request and chat name none
 * @param maxContentLength the longest message a user may post, in characters
 * @param maxContentBytes  the largest message a user may post, in encoded bytes (checked as well as the length);
 *                         at most {@code maxHistoryBytes}, so that the question itself always fits in its request
 * @param maxHistoryBytes  how much of the branch a reply request carries, in encoded bytes (newest turns kept);
 *                         well below the producer's {@code max.request.size} (1 MiB) so that a
 *                         {@code ReplyRequested} always fits in one record; llm-service trims further to the
 *                         model's context window
 */
@ConfigurationProperties("t3chat.messages")
@Validated
public record MessageProperties(
        @DefaultValue("offline/demo") @NotBlank String defaultModel,
        @DefaultValue("100000") @Min(1) int maxContentLength,
        @DefaultValue("262144") @Min(1) int maxContentBytes,
        @DefaultValue("524288") @Min(1) int maxHistoryBytes) {

    public MessageProperties {
        if (maxContentBytes > maxHistoryBytes) {
            throw new IllegalArgumentException("t3chat.messages.max-content-bytes (" + maxContentBytes
                    + ") must not exceed t3chat.messages.max-history-bytes (" + maxHistoryBytes
                    + "): a message must fit in the request for its reply");
        }
    }
}
