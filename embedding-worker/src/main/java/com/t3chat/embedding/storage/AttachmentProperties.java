package com.t3chat.embedding.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxFileSize the largest file a person may upload ({@code config-repo/application.yml}, shared with
 *                    attachment-service and the gateway); the worker never reads more than this of an object
 */
@ConfigurationProperties("t3chat.attachments")
public record AttachmentProperties(@DefaultValue("25MB") DataSize maxFileSize) {
}
