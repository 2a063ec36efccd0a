package com.t3chat.embedding.document;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Caps checked before anything is decoded, so that a hostile file costs a refusal, not the worker's memory.
 *
 * @param maxPages           pages of a PDF (read from its page tree before any page is)
 * @param maxImagePixels     width × height of an image (read from its header, not by decoding it), and the most a
 *                           PDF page is rendered at for OCR (its resolution is lowered to fit)
 * @param maxCharacters      characters of text extracted from one file
 * @param maxExpandedSize    the most one entry of a DOCX (a zip) may expand to; POI also refuses entries that
 *                           expand more than 100 times (its zip-bomb guard)
 * @param ocrBelowCharacters a PDF page with fewer characters in its text layer is treated as scanned and OCR'd
 * @param renderDpi          the resolution a scanned PDF page is rendered at for OCR (gray)
 */
@Validated
@ConfigurationProperties("t3chat.extraction")
public record ExtractionProperties(
        @DefaultValue("1000") @Min(1) int maxPages,
        @DefaultValue("50000000") @Min(1) long maxImagePixels,
        @DefaultValue("5000000") @Min(1) int maxCharacters,
        @DefaultValue("200MB") DataSize maxExpandedSize,
        @DefaultValue("10") @Min(0) int ocrBelowCharacters,
        @DefaultValue("300") @Min(72) int renderDpi) {
}
