package com.t3chat.attachment.upload;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxFileSize    the largest file a person may upload (in {@code config-repo/application.yml}, so that the
 *                       gateway refuses it too); a larger one is cut off with 413 as soon as it passes the limit
 * @param maxParts       parts a multipart upload may have (the file, its chat id, and a few a client may add)
 * @param spoolDirectory where an upload is written while it arrives, before it is checked and stored (one file per
 *                       upload, at most {@code maxFileSize}, deleted when the upload ends); default
 *                       {@code <java.io.tmpdir>/t3chat-attachment-uploads}
 */
@ConfigurationProperties("t3chat.attachments")
public record UploadProperties(@DefaultValue("25MB") DataSize maxFileSize, @DefaultValue("8") int maxParts,
        Path spoolDirectory) {

    public UploadProperties {
        if (maxFileSize.toBytes() < 1) {
            throw new IllegalArgumentException("t3chat.attachments.max-file-size must be positive");
        }
        if (spoolDirectory == null) {
            spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"), "t3chat-attachment-uploads");
        }
    }
}
