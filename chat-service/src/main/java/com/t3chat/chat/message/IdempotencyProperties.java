package com.t3chat.chat.message;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param keptFor       how long an {@code Idempotency-Key} answers with what it made; after that it is forgotten
 * @param purgeInterval how often forgotten keys are deleted
 */
@ConfigurationProperties("t3chat.idempotency")
@Validated
public record IdempotencyProperties(
        @DefaultValue("24h") @NotNull Duration keptFor,
        @DefaultValue("1h") @NotNull Duration purgeInterval) {
}
