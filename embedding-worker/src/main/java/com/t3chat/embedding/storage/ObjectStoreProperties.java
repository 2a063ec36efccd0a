package com.t3chat.embedding.storage;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The S3-compatible store the attachments live in (shared with attachment-service, {@code config-repo/application.yml}).
 *
 * @param region the region requests are signed for (S3Proxy and MinIO accept any; set it so that the client never
 *               asks the store for the bucket's location first)
 */
@Validated
@ConfigurationProperties("t3chat.object-store")
public record ObjectStoreProperties(@NotBlank String endpoint, String accessKey, String secretKey,
        @DefaultValue("t3chat-attachments") @NotBlank String bucket, @DefaultValue("us-east-1") String region) {
}
