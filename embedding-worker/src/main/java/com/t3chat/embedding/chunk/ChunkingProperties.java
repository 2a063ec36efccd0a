package com.t3chat.embedding.chunk;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxTokens     a chunk's size, in the embedding model's own (WordPiece) tokens; all-MiniLM-L6-v2 reads 512 at
 *                      most, so a chunk is embedded whole
 * @param overlapTokens how much of the previous chunk a chunk repeats, so a sentence cut at a boundary is whole in one
 * @param batchSize     chunks embedded per call (progress and cancellation are checked between batches)
 */
@Validated
@ConfigurationProperties("t3chat.chunking")
public record ChunkingProperties(@DefaultValue("450") @Min(50) @Max(510) int maxTokens,
        @DefaultValue("50") @Min(0) int overlapTokens, @DefaultValue("32") @Min(1) int batchSize) {
}
