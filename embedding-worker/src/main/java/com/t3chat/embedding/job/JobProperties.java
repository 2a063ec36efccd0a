package com.t3chat.embedding.job;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the job runner works through the attachment jobs (ADR 0020).
 *
 * @param concurrency      jobs run at once by this instance (each is CPU-bound: OCR, rendering, embedding)
 * @param pollInterval     how often the runner looks for claimable jobs when nothing woke it up
 * @param timeBudget       the most one file may take; past it the file ends {@code failed} ({@code timeout})
 * @param lease            how long a claim holds without renewal; a job whose worker died is resumed after it
 * @param maxAttempts      claims of one job (a retried failure, or a worker that died while running it) before it
 *                         ends {@code failed}
 * @param retryDelay       the wait before a job whose dependency failed (object store, virus scanner) is tried again,
 *                         times the attempts so far
 * @param progressInterval at most one AttachmentProcessing per file per this interval
 */
@Validated
@ConfigurationProperties("t3chat.jobs")
public record JobProperties(
        @DefaultValue("1") @Min(1) int concurrency,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10m") Duration timeBudget,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("30s") Duration retryDelay,
        @DefaultValue("1s") Duration progressInterval) {
}
