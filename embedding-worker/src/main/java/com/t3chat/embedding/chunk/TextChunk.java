package com.t3chat.embedding.chunk;

/**
 * A passage to embed.
 *
 * @param ordinal its place in the file (0, 1, …)
 * @param page    the 1-based page it is on, or null for a file without pages
 */
public record TextChunk(int ordinal, Integer page, String text) {
}
