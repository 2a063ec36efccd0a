package com.t3chat.chat.attachment;

import java.util.UUID;

/**
 * A file a user message refers to: attachment-service's attachment, as it was when the message was posted.
 *
 * @param id        the attachment's id at attachment-service
 * @param name      its sanitised name
 * @param mediaType the type attachment-service detected from the content
 * @param size      its size in bytes
 * @param deleted   whether its owner deleted the file since (the message keeps the reference)
 */
public record MessageAttachment(UUID id, String name, String mediaType, long size, boolean deleted) {
}
