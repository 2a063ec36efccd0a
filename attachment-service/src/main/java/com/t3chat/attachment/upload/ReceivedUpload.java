package com.t3chat.attachment.upload;

import java.nio.file.Path;

/**
 * A multipart upload as it arrived: the file part written to {@code file} (deleted when the upload ends).
 *
 * @param hasFile  whether there was a {@code file} part
 * @param sentName the part's file name as the client sent it (not yet sanitised)
 * @param chatId   the {@code chatId} part as sent, or null
 */
record ReceivedUpload(Path file, boolean hasFile, long size, String sentName, String chatId) {
}
