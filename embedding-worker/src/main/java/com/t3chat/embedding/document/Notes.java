package com.t3chat.embedding.document;

/** What a person reads on a file that is ready but has less text than they might expect. */
final class Notes {

    static final String OCR_MISSING = "No text could be read: OCR (Tesseract) is not installed.";
    static final String IMAGE_WITHOUT_TEXT = "No text could be read: OCR found no text in the image.";
    static final String PDF_WITHOUT_TEXT = "No text could be read: the pages have no text layer and OCR found none.";

    private Notes() {
    }

    /** Some pages were read, others needed OCR that is not installed. */
    static String pagesWithoutOcr(int pages) {
        return pages == 1 ? "1 scanned page was not read: OCR (Tesseract) is not installed."
                : "%,d scanned pages were not read: OCR (Tesseract) is not installed.".formatted(pages);
    }
}
