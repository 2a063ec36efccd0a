package com.t3chat.embedding.pipeline;

import com.t3chat.embedding.chunk.EmbeddedChunk;
import java.util.List;

/**
 * What the pipeline made of a file, ready to be stored.
 *
 * @param scan       {@code clean} or {@code skipped}
 * @param previewKey the preview's key in the bucket, or null
 */
public record Processed(int pages, List<EmbeddedChunk> chunks, int ocrPages, long characters, String scan,
        String previewKey, String note) {
}
