package com.t3chat.embedding.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.embedding.TestFiles;
import com.t3chat.embedding.ocr.OcrProperties;
import com.t3chat.embedding.ocr.TesseractOcr;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The extractors on their own, without Spring, with OCR switched off by pointing at a Tesseract that is not there. */
class ExtractorsTest {

    private static final ExtractionProperties LIMITS = new ExtractionProperties(1000, 50_000_000, 5_000_000,
            DataSize.ofMegabytes(200), 10, 300);
    private static final TesseractOcr NO_OCR = new TesseractOcr(
            new OcrProperties("/nonexistent/tesseract", "eng", Duration.ofSeconds(60)));
    private static final Checkpoint ANYWHERE = (stage, done, pages) -> {
    };

    @TempDir
    Path dir;

    @Test
    void withoutTesseractAScannedPdfIsReadyWithANoteSayingSo() throws Exception {
        Path pdf = write("scan.pdf", TestFiles.scannedPdf(List.of(List.of("Hello"), List.of("World"))));
        Extraction extraction = new PdfExtractor(LIMITS, NO_OCR).extract(pdf, dir, ANYWHERE);
        assertThat(extraction.pages()).isEqualTo(2);
        assertThat(extraction.texts()).isEmpty();
        assertThat(extraction.ocrPages()).isZero();
        assertThat(extraction.note()).isEqualTo("No text could be read: OCR (Tesseract) is not installed.");
    }

    @Test
    void withoutTesseractAPdfWithSomeScannedPagesSaysHowManyWereNotRead() throws Exception {
        byte[] text = TestFiles.textPdf(List.of(List.of("A page with a real text layer.")));
        byte[] scan = TestFiles.scannedPdf(List.of(List.of("Only pixels"), List.of("Only pixels")));
        Path merged = dir.resolve("mixed.pdf");
        var merger = new org.apache.pdfbox.multipdf.PDFMergerUtility();
        merger.addSource(new org.apache.pdfbox.io.RandomAccessReadBuffer(text));
        merger.addSource(new org.apache.pdfbox.io.RandomAccessReadBuffer(scan));
        merger.setDestinationFileName(merged.toString());
        merger.mergeDocuments(org.apache.pdfbox.io.IOUtils.createMemoryOnlyStreamCache());

        Extraction extraction = new PdfExtractor(LIMITS, NO_OCR).extract(merged, dir, ANYWHERE);
        assertThat(extraction.pages()).isEqualTo(3);
        assertThat(extraction.texts()).singleElement().satisfies(page -> {
            assertThat(page.page()).isEqualTo(1);
            assertThat(page.text()).isEqualTo("A page with a real text layer.");
        });
        assertThat(extraction.note()).isEqualTo("2 scanned pages were not read: OCR (Tesseract) is not installed.");
    }

    @Test
    void aPdfsPreviewIsItsFirstPageAtMost1024PixelsLong() throws Exception {
        Path pdf = write("a.pdf", TestFiles.textPdf(List.of(List.of("First"), List.of("Second"))));
        Extraction extraction = new PdfExtractor(LIMITS, NO_OCR).extract(pdf, dir, ANYWHERE);
        BufferedImage preview = decode(extraction.preview());
        assertThat(extraction.preview().extension()).isEqualTo("png");
        assertThat(Math.max(preview.getWidth(), preview.getHeight())).isEqualTo(1024);
    }

    @Test
    void withoutTesseractAnImageIsReadyWithANoteAndAPreview() throws Exception {
        Path png = write("shot.png", TestFiles.png(List.of("Some text")));
        Extraction extraction = new ImageExtractor(LIMITS, NO_OCR).extract(png, "image/png", ANYWHERE);
        assertThat(extraction.note()).isEqualTo("No text could be read: OCR (Tesseract) is not installed.");
        BufferedImage preview = decode(extraction.preview());
        assertThat(Math.max(preview.getWidth(), preview.getHeight())).isLessThanOrEqualTo(1024);
    }

    @Test
    void anImageOverThePixelCapIsRefusedFromItsHeader() throws Exception {
        Path png = write("huge.png", TestFiles.pngHeader(10_000, 6_000));
        var limits = new ExtractionProperties(1000, 50_000_000, 5_000_000, DataSize.ofMegabytes(200), 10, 300);
        assertThatThrownBy(() -> new ImageExtractor(limits, NO_OCR).extract(png, "image/png", ANYWHERE))
                .isInstanceOfSatisfying(FileRejected.class, e -> {
                    assertThat(e.code()).isEqualTo("image-too-large");
                    assertThat(e.reason()).isEqualTo(
                            "The image is 10,000 × 6,000 pixels (60 megapixels); the limit is 50 megapixels.");
                });
    }

    @Test
    void textThatIsNotUtf8IsReadInTheCharsetItIsIn() throws Exception {
        String french = "Le café de la gare sert une crème brûlée délicieuse à côté du théâtre, été comme hiver.";
        Path latin1 = write("fr.txt", french.getBytes(StandardCharsets.ISO_8859_1));
        Extraction extraction = new TextExtractor(LIMITS).extract(latin1, ANYWHERE);
        assertThat(extraction.texts()).singleElement().extracting(PageText::text).isEqualTo(french);
    }

    @Test
    void moreTextThanTheCapIsRefused() throws Exception {
        var limits = new ExtractionProperties(1000, 50_000_000, 100, DataSize.ofMegabytes(200), 10, 300);
        Path text = write("long.txt", "x".repeat(101).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new TextExtractor(limits).extract(text, ANYWHERE))
                .isInstanceOfSatisfying(FileRejected.class, e -> assertThat(e.code()).isEqualTo("text-too-large"));
    }

    @Test
    void theTypeComesFromTheContent() throws Exception {
        var detector = new TypeDetector();
        assertThat(detector.detect(write("x.txt", TestFiles.textPdf(List.of(List.of("pdf")))))).isEqualTo(
                new DetectedType(FileKind.PDF, "application/pdf"));
        assertThat(detector.detect(write("x.pdf", TestFiles.docx(List.of("word")))).kind()).isEqualTo(FileKind.DOCX);
        assertThat(detector.detect(write("x.doc", TestFiles.png(List.of("png")))).kind()).isEqualTo(FileKind.IMAGE);
        assertThat(detector.detect(write("x.bin", "# Title\n\nSome *markdown*.\n".getBytes(StandardCharsets.UTF_8)))
                .kind()).isEqualTo(FileKind.TEXT);
        assertThat(detector.detect(write("x.json", "{\"a\": [1, 2]}".getBytes(StandardCharsets.UTF_8))).kind())
                .isEqualTo(FileKind.TEXT);
        assertThat(detector.detect(write("x.md", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0}))
                .kind()).isNull();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static BufferedImage decode(Preview preview) throws IOException {
        assertThat(preview).isNotNull();
        return ImageIO.read(new ByteArrayInputStream(preview.bytes()));
    }
}
