package com.t3chat.embedding.document;

import java.util.List;

/**
 * What was read from a file.
 *
 * @param pages    the file's pages (1 for an image or a text file)
 * @param texts    the text per page, in order (pages without text are left out)
 * @param ocrPages pages whose text came from OCR
 * @param preview  a downscaled image of the file (images, a PDF's first page), or null
 * @param note     something the person should know although the file is ready, or null
 */
public record Extraction(int pages, List<PageText> texts, int ocrPages, Preview preview, String note) {

    public long characters() {
        return texts.stream().mapToLong(t -> t.text().length()).sum();
    }
}
