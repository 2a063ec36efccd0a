package com.t3chat.embedding;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Real files made in the test: PDFs with a text layer (PDFBox), scans (text rendered to an image, the image put on a
 * PDF page — PDFBox renders with its bundled font, so no system font is needed), PNG screenshots, DOCX (POI), and
 * the hostile ones (a PNG header claiming 50,000 × 50,000 pixels, a zip bomb DOCX, a 5,000-page PDF, a corrupt PDF).
 */
public final class TestFiles {

    private TestFiles() {
    }

    /** A PDF with a text layer: one page per entry, each page's lines as given. */
    public static byte[] textPdf(List<List<String>> pages) throws IOException {
        try (var document = new PDDocument()) {
            for (List<String> lines : pages) {
                document.addPage(textPage(document, lines, 12));
            }
            return save(document);
        }
    }

    /** A scanned PDF: every page is only an image of its lines (no text layer). */
    public static byte[] scannedPdf(List<List<String>> pages) throws IOException {
        try (var scan = new PDDocument()) {
            for (List<String> lines : pages) {
                BufferedImage image = render(lines, 200);
                PDImageXObject xobject = LosslessFactory.createFromImage(scan, image);
                var page = new PDPage(PDRectangle.LETTER);
                scan.addPage(page);
                try (var content = new PDPageContentStream(scan, page)) {
                    content.drawImage(xobject, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
                }
            }
            return save(scan);
        }
    }

    /** A screenshot-like PNG of the lines (black on white, about 150 dpi). */
    public static byte[] png(List<String> lines) throws IOException {
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(render(lines, 150), "png", bytes);
        return bytes.toByteArray();
    }

    /** A DOCX with one paragraph per entry. */
    public static byte[] docx(List<String> paragraphs) throws IOException {
        try (var document = new XWPFDocument(); var bytes = new ByteArrayOutputStream()) {
            for (String text : paragraphs) {
                document.createParagraph().createRun().setText(text);
            }
            document.write(bytes);
            return bytes.toByteArray();
        }
    }

    /** A PDF of {@code pages} empty pages (small on disk). */
    public static byte[] emptyPages(int pages) throws IOException {
        try (var document = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new PDPage(PDRectangle.A6));
            }
            return save(document);
        }
    }

    /** The start of a PDF followed by garbage. */
    public static byte[] corruptPdf() {
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R".getBytes(
                StandardCharsets.ISO_8859_1));
        var random = new java.util.Random(12);
        byte[] junk = new byte[4096];
        random.nextBytes(junk);
        bytes.writeBytes(junk);
        return bytes.toByteArray();
    }

    /** A valid PNG signature and header that claim {@code width × height} pixels, then one tiny IDAT and IEND. */
    public static byte[] pngHeader(int width, int height) {
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(bytes, "IHDR", ihdr.array());
        var deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] idat = new byte[64];
        int n = deflater.deflate(idat);
        chunk(bytes, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(bytes, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    /**
     * A DOCX whose document.xml inflates from a few kilobytes to {@code expandedBytes} (a run of one repeated
     * character: far past POI's 100:1 inflate-ratio guard).
     */
    public static byte[] zipBombDocx(int expandedBytes) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                    </Types>""".getBytes(StandardCharsets.UTF_8));
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                    </Relationships>""".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w="
                    + "\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 16];
            java.util.Arrays.fill(block, (byte) 'a');
            for (int written = 0; written < expandedBytes; written += block.length) {
                zip.write(block);
            }
            zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Lines rendered to a gray image at {@code dpi} (through a PDF page, with PDFBox's bundled font). */
    public static BufferedImage render(List<String> lines, int dpi) throws IOException {
        try (var document = new PDDocument()) {
            document.addPage(textPage(document, lines, 16));
            return new PDFRenderer(document).renderImageWithDPI(0, dpi, ImageType.GRAY);
        }
    }

    private static PDPage textPage(PDDocument document, List<String> lines, float size) throws IOException {
        var page = new PDPage(PDRectangle.LETTER);
        var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (var content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(font, size);
            content.setLeading(size * 1.5f);
            content.newLineAtOffset(54, PDRectangle.LETTER.getHeight() - 72);
            for (String line : lines) {
                content.showText(line);
                content.newLine();
            }
            content.endText();
        }
        return page;
    }

    private static byte[] save(PDDocument document) throws IOException {
        var bytes = new ByteArrayOutputStream();
        document.save(bytes);
        return bytes.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        var crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
