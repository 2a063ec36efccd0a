package com.t3chat.embedding.document;

/**
 * An encoded preview image (longest side at most {@link Previews#MAX_SIDE} pixels).
 *
 * @param extension {@code png} or {@code jpg}
 */
public record Preview(byte[] bytes, String extension, String mediaType) {
}
