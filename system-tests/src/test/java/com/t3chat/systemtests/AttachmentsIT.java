package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.stack.LocalStack;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files through the gateway, as a person drops them into a chat: upload, the worker's whole pipeline (scan, extract,
 * OCR, chunk, embed) and what the message shows, with the refusals an attacker meets.
 */
class AttachmentsIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private static LocalStack stack;
    private static String gateway;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void startTheSystem() {
        stack = SystemStack.get();
        gateway = stack.gatewayUrl();
        alice = stack.accessToken("alice");
        bob = stack.accessToken("bob");
    }

    @Test
    void aTextPdfAScreenshotAndAMarkdownFileBecomeReadyAndTheirSentencesAreInTheChunks() throws Exception {
        String pdf = uploaded(alice, "Quarterly report.pdf", "application/pdf",
                textPdf("The lighthouse keeper counted forty seven ships in March.", "Page two talks about tides."));
        String png = uploaded(alice, "screenshot.png", "image/png", textImage("INVOICE NUMBER 4711 PAID"));
        String md = uploaded(alice, "notes.md", "text/markdown",
                "# Notes\n\nThe orchard produced ninety crates of apples this autumn.\n".getBytes(StandardCharsets.UTF_8));

        String readyPdf = awaitFinished(alice, pdf);
        assertThat((String) JsonPath.read(readyPdf, "$.status")).as(readyPdf).isEqualTo("ready");
        assertThat((Integer) JsonPath.read(readyPdf, "$.pages")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(readyPdf, "$.chunks")).isGreaterThanOrEqualTo(2);
        assertThat((String) JsonPath.read(readyPdf, "$.mediaType")).isEqualTo("application/pdf");
        assertThat(chunks(pdf)).anySatisfy(chunk -> assertThat(chunk).contains("forty seven ships"));
        assertThat(pages(pdf)).contains(1, 2);

        String readyPng = awaitFinished(alice, png);
        assertThat((String) JsonPath.read(readyPng, "$.status")).as(readyPng).isEqualTo("ready");
        assertThat((Integer) JsonPath.read(readyPng, "$.ocrPages")).isEqualTo(1);
        assertThat(String.join(" ", chunks(png)).toUpperCase()).contains("INVOICE").contains("4711");
        HttpResponse<byte[]> preview = Http.getBytes(gateway + "/api/attachments/" + png + "/preview", alice);
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.headers().firstValue("Content-Type").orElse("")).startsWith("image/");
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(preview.body()))).isNotNull();

        String readyMd = awaitFinished(alice, md);
        assertThat((String) JsonPath.read(readyMd, "$.status")).as(readyMd).isEqualTo("ready");
        assertThat(chunks(md)).anySatisfy(chunk -> assertThat(chunk).contains("ninety crates of apples"));

        HttpResponse<byte[]> content = Http.getBytes(gateway + "/api/attachments/" + md + "/content", alice);
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(new String(content.body(), StandardCharsets.UTF_8)).contains("ninety crates");
        assertThat(content.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(content.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");
        assertThat(content.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
                .contains("notes.md");

        HttpResponse<String> list = Http.get(gateway + "/api/attachments", alice);
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> ids = JsonPath.read(list.body(), "$.items[*].id");
        assertThat(ids).contains(pdf, png, md);
        assertThat(Http.get(gateway + "/api/attachments/usage", alice).body()).contains("\"usedFiles\"");
    }

    @Test
    void aMessageCarriesItsFilesAndShowsOneDeletedOnceItIsGone() throws Exception {
        String file = uploaded(alice, "plan.txt", "text/plain",
                "Step one: water the plants. Step two: read the manual.".getBytes(StandardCharsets.UTF_8));
        String chatId = JsonPath.read(Http.postJson(gateway + "/api/chats", alice, "{}").body(), "$.id");
        HttpResponse<String> posted = Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"What is step two?\",\"attachmentIds\":[\"" + file + "\"]}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        assertThat((List<String>) JsonPath.read(posted.body(), "$.userMessage.attachments[*].name"))
                .containsExactly("plan.txt");

        // bob cannot attach alice's file
        String bobsChat = JsonPath.read(Http.postJson(gateway + "/api/chats", bob, "{}").body(), "$.id");
        HttpResponse<String> stolen = Http.postJson(gateway + "/api/chats/" + bobsChat + "/messages", bob,
                "{\"content\":\"Mine now\",\"attachmentIds\":[\"" + file + "\"]}");
        assertThat(stolen.statusCode()).isEqualTo(404);

        awaitFinished(alice, file);
        assertThat(Http.delete(gateway + "/api/attachments/" + file, alice).statusCode()).isEqualTo(204);
        assertThat(Http.get(gateway + "/api/attachments/" + file, alice).statusCode()).isEqualTo(404);
        await(() -> chunks(file).isEmpty(), "the deleted file's chunks are gone");
        await(() -> {
            String tree = Http.get(gateway + "/api/chats/" + chatId + "/messages", alice).body();
            List<Boolean> deleted = JsonPath.read(tree, "$..attachments[*].deleted");
            return deleted.contains(Boolean.TRUE);
        }, "the message shows the file as deleted");
    }

    @Test
    void anotherUsersFileIsNotFoundEverywhere() throws Exception {
        String file = uploaded(alice, "private.png", "image/png", textImage("SECRET"));
        awaitFinished(alice, file);
        for (String path : List.of("", "/content", "/preview")) {
            HttpResponse<String> answer = Http.get(gateway + "/api/attachments/" + file + path, bob);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(Http.delete(gateway + "/api/attachments/" + file, bob).statusCode()).isEqualTo(404);
        assertThat(Http.get(gateway + "/api/attachments/" + file, alice).statusCode()).isEqualTo(200);
        List<String> bobs = JsonPath.read(Http.get(gateway + "/api/attachments", bob).body(), "$.items[*].id");
        assertThat(bobs).doesNotContain(file);
    }

    @Test
    void htmlNamedPdfIsRefusedByItsContent() {
        HttpResponse<String> refused = Http.upload(gateway + "/api/attachments", alice, "invoice.pdf", "application/pdf",
                "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat((String) JsonPath.read(refused.body(), "$.type"))
                .isEqualTo("urn:t3chat:problem:unsupported-media-type");
        assertThat(refused.body()).contains("text/html");
    }

    @Test
    void anOversizeFileIsRefusedBeforeItIsSent() throws IOException {
        URI uri = URI.create(gateway);
        long declared = 40L * 1024 * 1024;
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/attachments HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer "
                    + alice + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + declared
                    + "\r\n\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n%PDF-1.7\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // the answer comes although almost none of the 40 MB was sent
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head.toLowerCase()).contains("application/problem+json");
        }
    }

    @Test
    void theEicarTestFileIsRefusedByTheVirusScan() {
        String file = uploaded(alice, "eicar.txt", "text/plain", EICAR.getBytes(StandardCharsets.US_ASCII));
        String failed = awaitFinished(alice, file);
        assertThat((String) JsonPath.read(failed, "$.status")).as(failed).isEqualTo("failed");
        assertThat((String) JsonPath.read(failed, "$.failureCode")).isEqualTo("infected");
        assertThat((String) JsonPath.read(failed, "$.failureReason")).containsIgnoringCase("eicar");
        assertThat(Http.get(gateway + "/api/attachments/" + file + "/content", alice).statusCode()).isEqualTo(404);
        assertThat(chunks(file)).isEmpty();
    }

    private static String uploaded(String token, String name, String type, byte[] bytes) {
        HttpResponse<String> answer = Http.upload(gateway + "/api/attachments", token, name, type, bytes);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Location")).isPresent();
        return JsonPath.read(answer.body(), "$.id");
    }

    private static String awaitFinished(String token, String id) {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        String body;
        do {
            body = Http.get(gateway + "/api/attachments/" + id, token).body();
            String status = JsonPath.read(body, "$.status");
            if (status.equals("ready") || status.equals("failed")) {
                return body;
            }
            sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("not ready or failed within " + READY_WITHIN + ": " + body);
    }

    private static List<String> chunks(String attachmentId) {
        return query("select content from chunk where attachment_id = ? order by ordinal", attachmentId, rs -> rs.getString(1));
    }

    private static List<Integer> pages(String attachmentId) {
        return query("select page from chunk where attachment_id = ? order by ordinal", attachmentId, rs -> rs.getInt(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, String attachmentId, Column<T> column) {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl("embedding"), "embedding", "embedding");
             PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(attachmentId));
            List<T> values = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(column.read(rs));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("within 60 s: " + what);
            }
            sleep(300);
        }
    }

    private static byte[] textPdf(String... pages) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] textImage(String text) {
        BufferedImage image = new BufferedImage(900, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
        g.drawString(text, 30, 100);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
