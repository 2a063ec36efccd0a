package com.t3chat.gateway.body;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body may be at the gateway ({@code t3chat.request-body}); counted as the body streams in, so a
 * body without {@code Content-Length} is cut off too.
 *
 * @param maxSize        every request but uploads: room for the largest message chat-service takes (its codec reads
 *                       at most 1 MB, {@code config-repo/chat-service.yml})
 * @param uploadEnvelope {@code POST /api/attachments} may carry {@code t3chat.attachments.max-file-size} plus this: the
 *                       multipart boundaries, the part headers (the file's name) and the {@code chatId} part
 */
@ConfigurationProperties("t3chat.request-body")
public record RequestBodyProperties(
        @DefaultValue("1MB") DataSize maxSize,
        @DefaultValue("64KB") DataSize uploadEnvelope) {

    public RequestBodyProperties {
        if (maxSize == null || maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("t3chat.request-body.max-size must be at least 1 byte");
        }
        if (uploadEnvelope == null || uploadEnvelope.isNegative()) {
            throw new IllegalArgumentException("t3chat.request-body.upload-envelope must be zero or more");
        }
    }
}
