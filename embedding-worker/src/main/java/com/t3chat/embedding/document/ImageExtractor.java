package com.t3chat.embedding.document;

import com.t3chat.embedding.ocr.TesseractOcr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PNG, JPEG, WebP, GIF: the size is read from the header (ImageIO readers parse only that for
 * {@code getWidth}/{@code getHeight}) and checked against {@code max-image-pixels} before any pixel is decoded; the
 * preview is decoded subsampled; the text is read by Tesseract from the file itself, in its own process.
 */
@Component
public class ImageExtractor {

    private static final Logger log = LoggerFactory.getLogger(ImageExtractor.class);

    private final ExtractionProperties limits;
    private final TesseractOcr ocr;

    ImageExtractor(ExtractionProperties limits, TesseractOcr ocr) {
        this.limits = limits;
        this.ocr = ocr;
    }

    public Extraction extract(Path file, String mediaType, Checkpoint checkpoint) {
        checkpoint.reached("extracting", 0, 1);
        Preview preview = checkedPreview(file, mediaType);
        if (!ocr.available()) {
            return new Extraction(1, List.of(), 0, preview, Notes.OCR_MISSING);
        }
        checkpoint.reached("ocr", 0, 1);
        String text;
        try {
            text = ocr.read(file, 0, checkpoint.remaining()).strip();
        } catch (TesseractOcr.OcrTimeoutException e) {
            throw PdfExtractor.ocrTimedOut(e);
        }
        checkpoint.reached("ocr", 1, 1);
        if (text.length() > limits.maxCharacters()) {
            throw TextExtractor.tooMuchText(limits.maxCharacters());
        }
        if (text.isEmpty()) {
            return new Extraction(1, List.of(), 1, preview, Notes.IMAGE_WITHOUT_TEXT);
        }
        return new Extraction(1, List.of(new PageText(1, text, true)), 1, preview, null);
    }

    /** Checks the size from the header, then makes the preview (null if it cannot be decoded after all). */
    private Preview checkedPreview(Path file, String mediaType) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new FileRejected(FileRejected.UNREADABLE, "The image could not be read (unknown format).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width;
                int height;
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw new FileRejected(FileRejected.UNREADABLE, "The image could not be read (it may be damaged).",
                            e);
                }
                long pixels = (long) width * height;
                if (width <= 0 || height <= 0) {
                    throw new FileRejected(FileRejected.UNREADABLE, "The image has no pixels.");
                }
                if (pixels > limits.maxImagePixels()) {
                    throw new FileRejected(FileRejected.IMAGE_TOO_LARGE,
                            "The image is %,d × %,d pixels (%,d megapixels); the limit is %,d megapixels.".formatted(
                                    width, height, pixels / 1_000_000, limits.maxImagePixels() / 1_000_000));
                }
                try {
                    return Previews.ofImage(reader, width, height, "image/jpeg".equals(mediaType));
                } catch (IOException | RuntimeException e) {
                    log.info("No preview for an image that does not decode: {}", e.toString());
                    return null;
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
