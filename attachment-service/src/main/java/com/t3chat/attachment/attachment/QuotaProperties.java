package com.t3chat.attachment.attachment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one person may store: an upload that would pass either figure answers {@code 409 quota-exceeded} and stores
 * nothing.
 */
@ConfigurationProperties("t3chat.attachments.quota")
public record QuotaProperties(@DefaultValue("1GB") DataSize bytes, @DefaultValue("1000") int files) {

    public QuotaProperties {
        if (bytes.toBytes() < 0 || files < 0) {
            throw new IllegalArgumentException("t3chat.attachments.quota figures cannot be negative");
        }
    }
}
