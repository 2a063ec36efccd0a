package com.t3chat.chat.admission;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How chat-service answers a refusal of system-key replies ({@code t3chat.admission}).
 *
 * @param cachedFor            how long a user's admission is read from memory before the table is asked again (a
 *                             change consumed by another replica is seen here within this time)
 * @param retryConcurrentAfter the {@code Retry-After} of a refusal for too many replies at once (it has no known
 *                             end); keep equal to llm-service's {@code t3chat.limits.retry-concurrent-after}
 * @param refusalWithoutResetFor how long a refusal that frees when a reply ends ({@code resetsAt} null) refuses if
 *                             no end is announced (a generator that died); keep equal to llm-service's
 *                             {@code t3chat.generation.max-duration}, after which it no longer counts such a reply
 */
@Validated
@ConfigurationProperties("t3chat.admission")
public record AdmissionProperties(
        @DefaultValue("2s") @NotNull Duration cachedFor,
        @DefaultValue("5s") @NotNull Duration retryConcurrentAfter,
        @DefaultValue("10m") @NotNull Duration refusalWithoutResetFor) {
}
