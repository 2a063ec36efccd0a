package com.t3chat.embedding.chunk;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * all-MiniLM-L6-v2, quantized, in-process (ONNX Runtime, langchain4j's artifact; ADR 0020): 384 dimensions,
 * normalised. It runs on the calling thread (a job thread), never on an event loop. The model stays in this one
 * service.
 */
@Component
public class Embedder {

    /** Recorded with every vector: a query must be embedded by the same model to be compared with it. */
    public static final String MODEL = "all-MiniLM-L6-v2-q";
    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);

    public List<EmbeddedChunk> embed(List<TextChunk> chunks) {
        List<TextSegment> segments = chunks.stream().map(c -> TextSegment.from(c.text())).toList();
        List<Embedding> embeddings = model.embedAll(segments).content();
        return java.util.stream.IntStream.range(0, chunks.size())
                .mapToObj(i -> new EmbeddedChunk(chunks.get(i), embeddings.get(i).vector()))
                .toList();
    }
}
