package com.t3chat.embedding.chunk;

import com.t3chat.embedding.document.PageText;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Splits text into passages with langchain4j's recursive splitter (paragraphs, then lines, sentences, words), sized
 * in the embedding model's own tokens (its BERT tokenizer), with overlap. Each page is split on its own, so every
 * chunk knows its page.
 */
@Component
public class Chunker {

    private final DocumentSplitter splitter;

    Chunker(ChunkingProperties properties) {
        this.splitter = DocumentSplitters.recursive(properties.maxTokens(), properties.overlapTokens(),
                new HuggingFaceTokenCountEstimator());
    }

    public List<TextChunk> split(List<PageText> pages) {
        List<TextChunk> chunks = new ArrayList<>();
        for (PageText page : pages) {
            if (page.text().isBlank()) {
                continue;
            }
            for (TextSegment segment : splitter.split(Document.from(page.text()))) {
                String text = segment.text().strip();
                if (!text.isEmpty()) {
                    chunks.add(new TextChunk(chunks.size(), page.page(), text));
                }
            }
        }
        return chunks;
    }
}
