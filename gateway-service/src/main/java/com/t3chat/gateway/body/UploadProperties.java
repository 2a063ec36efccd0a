package com.t3chat.gateway.body;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest file a person may upload ({@code t3chat.attachments.max-file-size}, shared configuration: attachment-
 * service enforces it exactly, the gateway refuses what is larger before it reaches the service).
 */
@ConfigurationProperties("t3chat.attachments")
public record UploadProperties(@DefaultValue("25MB") DataSize maxFileSize) {

    public UploadProperties {
        if (maxFileSize == null || maxFileSize.toBytes() < 1) {
            throw new IllegalArgumentException("t3chat.attachments.max-file-size must be at least 1 byte");
        }
    }
}
