package com.t3chat.embedding.chunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A passage and its embedding. */
public record EmbeddedChunk(TextChunk chunk, float[] vector) {

    /** The vector as stored: little-endian float32, 4 bytes per dimension (ADR 0003). */
    public byte[] vectorBytes() {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    /** The inverse of {@link #vectorBytes()}. */
    public static float[] vector(byte[] stored) {
        float[] vector = new float[stored.length / Float.BYTES];
        ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
