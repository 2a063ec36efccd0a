package com.t3chat.embedding.document;

/**
 * A file's type as its content shows it.
 *
 * @param kind      how it is read, or null when it is not a kind the pipeline reads
 * @param mediaType what the detector saw, e.g. {@code application/pdf}
 */
public record DetectedType(FileKind kind, String mediaType) {
}
