package com.t3chat.embedding.document;

import java.time.Duration;

/**
 * Where an extractor reports its progress and learns whether to go on: called after each page, it throws (the job
 * was cancelled or ran out of time) when the extractor must stop.
 */
@FunctionalInterface
public interface Checkpoint {

    /**
     * @param stage     {@code extracting} or {@code ocr} (what the page needed)
     * @param pagesDone pages read so far
     * @param pages     the file's pages
     */
    void reached(String stage, int pagesDone, int pages);

    /** How long the job may still run (bounds a page's OCR). */
    default Duration remaining() {
        return Duration.ofDays(1);
    }
}
