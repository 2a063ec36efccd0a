package com.t3chat.attachment.storage;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The S3-compatible store that keeps originals ({@code files/<id>}) and the worker's previews
 * ({@code previews/<id>.png|.jpg}); shared with embedding-worker ({@code config-repo/application.yml}).
 *
 * @param endpoint       e.g. {@code http://localhost:9000} (path-style requests)
 * @param accessKey      empty: anonymous requests
 * @param bucket         created when missing
 * @param region         the region requests are signed for (S3Proxy and MinIO accept the default)
 * @param connectTimeout how long opening a connection to the store may take before the call fails (503)
 * @param ioTimeout      how long a read or write may stall
 */
@ConfigurationProperties("t3chat.object-store")
public record ObjectStoreProperties(URI endpoint, String accessKey, String secretKey,
        @DefaultValue("t3chat-attachments") String bucket, @DefaultValue("us-east-1") String region,
        @DefaultValue("5s") Duration connectTimeout, @DefaultValue("60s") Duration ioTimeout) {

    public ObjectStoreProperties {
        if (endpoint == null) {
            throw new IllegalArgumentException("t3chat.object-store.endpoint is required");
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("t3chat.object-store.bucket is required");
        }
    }
}
