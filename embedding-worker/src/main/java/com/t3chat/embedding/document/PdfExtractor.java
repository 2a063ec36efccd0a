package com.t3chat.embedding.document;

import com.t3chat.embedding.ocr.TesseractOcr;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PDFs with PDFBox, page by page, page numbers kept. The page count is read from the page tree and checked against
 * {@code max-pages} before any page is read; parsed streams are cached in temp files, not on the heap, so a
 * 300-page PDF keeps memory bounded. A page whose text layer has fewer than {@code ocr-below-characters} characters
 * is a scan: it is rendered gray at {@code render-dpi} (lowered to stay under {@code max-image-pixels}; images in it
 * are subsampled to the render's resolution) and read by Tesseract.
 */
@Component
public class PdfExtractor {

    private static final Logger log = LoggerFactory.getLogger(PdfExtractor.class);
    private static final float POINTS_PER_INCH = 72f;

    private final ExtractionProperties limits;
    private final TesseractOcr ocr;

    PdfExtractor(ExtractionProperties limits, TesseractOcr ocr) {
        this.limits = limits;
        this.ocr = ocr;
    }

    public Extraction extract(Path file, Path workDir, Checkpoint checkpoint) {
        try (PDDocument document = Loader.loadPDF(file.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
            return extract(document, workDir, checkpoint);
        } catch (InvalidPasswordException e) {
            throw new FileRejected(FileRejected.UNREADABLE, "The PDF is protected by a password.", e);
        } catch (FileRejected | CancellationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // PDFBox throws unchecked exceptions too on some damaged files
            throw new FileRejected(FileRejected.UNREADABLE, "The PDF could not be read (it may be damaged).", e);
        }
    }

    private Extraction extract(PDDocument document, Path workDir, Checkpoint checkpoint) throws IOException {
        int pages = document.getNumberOfPages();
        if (pages > limits.maxPages()) {
            throw new FileRejected(FileRejected.TOO_MANY_PAGES,
                    "The PDF has %,d pages; the limit is %,d.".formatted(pages, limits.maxPages()));
        }
        if (pages == 0) {
            throw new FileRejected(FileRejected.UNREADABLE, "The PDF has no pages that could be read.");
        }
        checkpoint.reached("extracting", 0, pages);
        var renderer = new PDFRenderer(document);
        renderer.setSubsamplingAllowed(true);
        Preview preview = preview(document, renderer);
        var stripper = new PDFTextStripper();
        boolean canOcr = ocr.available();
        List<PageText> texts = new ArrayList<>();
        long characters = 0;
        int ocrPages = 0;
        int unreadScans = 0;
        for (int page = 1; page <= pages; page++) {
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            String text = stripper.getText(document).strip();
            boolean scanned = text.length() < limits.ocrBelowCharacters();
            if (scanned && canOcr) {
                checkpoint.reached("ocr", page - 1, pages);
                String read = ocr(document, renderer, page, workDir, checkpoint);
                ocrPages++;
                if (!read.isEmpty()) {
                    text = read;
                }
            } else if (scanned) {
                unreadScans++;
            }
            characters += text.length();
            if (characters > limits.maxCharacters()) {
                throw TextExtractor.tooMuchText(limits.maxCharacters());
            }
            if (!text.isEmpty()) {
                texts.add(new PageText(page, text, scanned && canOcr));
            }
            checkpoint.reached(scanned && canOcr ? "ocr" : "extracting", page, pages);
        }
        return new Extraction(pages, texts, ocrPages, preview, note(texts, ocrPages, unreadScans));
    }

    private static String note(List<PageText> texts, int ocrPages, int unreadScans) {
        if (unreadScans > 0) {
            return texts.isEmpty() ? Notes.OCR_MISSING : Notes.pagesWithoutOcr(unreadScans);
        }
        if (texts.isEmpty()) {
            return ocrPages > 0 ? Notes.PDF_WITHOUT_TEXT : "The PDF contains no text.";
        }
        return null;
    }

    private String ocr(PDDocument document, PDFRenderer renderer, int page, Path workDir, Checkpoint checkpoint)
            throws IOException {
        PDRectangle box = document.getPage(page - 1).getCropBox();
        float dpi = limits.renderDpi();
        double pixels = (box.getWidth() * dpi / POINTS_PER_INCH) * (box.getHeight() * dpi / POINTS_PER_INCH);
        if (pixels > limits.maxImagePixels()) {
            dpi = (float) (dpi * Math.sqrt(limits.maxImagePixels() / pixels));
        }
        BufferedImage image;
        try {
            image = renderer.renderImageWithDPI(page - 1, dpi, ImageType.GRAY);
        } catch (IOException | RuntimeException e) {
            log.info("Page {} could not be rendered for OCR: {}", page, e.toString());
            return "";
        }
        // an uncompressed BMP: written and read several times faster than a PNG (~8 MB for a letter page, deleted
        // right after)
        Path bitmap = workDir.resolve("page-" + page + ".bmp");
        try {
            ImageIO.write(image, "bmp", bitmap.toFile());
            image = null; // the page's pixels can go before Tesseract runs
            return ocr.read(bitmap, Math.round(dpi), checkpoint.remaining()).strip();
        } catch (TesseractOcr.OcrTimeoutException e) {
            throw ocrTimedOut(e);
        } finally {
            Files.deleteIfExists(bitmap);
        }
    }

    static FileRejected ocrTimedOut(TesseractOcr.OcrTimeoutException e) {
        return new FileRejected(FileRejected.TIMEOUT,
                "Reading a page by OCR took longer than %d seconds.".formatted(e.timeout().toSeconds()), e);
    }

    /** The first page at about {@link Previews#MAX_SIDE} pixels on its longest side, or null if it does not render. */
    private static Preview preview(PDDocument document, PDFRenderer renderer) {
        try {
            PDRectangle box = document.getPage(0).getCropBox();
            float longest = Math.max(box.getWidth(), box.getHeight());
            float scale = longest <= 0 ? 1f : Math.min(4f, Previews.MAX_SIDE / longest);
            return Previews.ofPage(renderer.renderImage(0, scale, ImageType.RGB));
        } catch (IOException | RuntimeException e) {
            log.info("No preview: the first page does not render: {}", e.toString());
            return null;
        }
    }
}
