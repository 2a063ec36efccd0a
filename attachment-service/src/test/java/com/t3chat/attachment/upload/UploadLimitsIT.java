package com.t3chat.attachment.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.attachment.RunningService;
import com.t3chat.attachment.SampleFiles;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The size limit (1 MB here) and the quota (4 MB and 10 files per person here). */
class UploadLimitsIT extends RunningService {

    private static final String BOUNDARY = "limits-boundary";

    @Test
    void aDeclaredContentLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws Exception {
        Set<String> before = storedOriginals();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/attachments HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token(person("alice")) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Content-Length: " + 50 * MAX_FILE_SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(partHead());
            out.flush();
            // nothing more is sent: the answer must come anyway
            String answer = readAnswer(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("urn:t3chat:problem:file-too-large").contains("\"limitBytes\":" + MAX_FILE_SIZE);
        }
        assertThat(storedOriginals()).isEqualTo(before);
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aStreamedFileIsCutOffAsItPassesTheLimitLongBeforeItEnds() throws Exception {
        String alice = person("alice");
        Set<String> before = storedOriginals();
        long planned = 8 * MAX_FILE_SIZE;
        long sentWhenAnswered;
        String answer;
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/attachments HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token(alice) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk(out, partHead());
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return readAnswer(socket.getInputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] slice = new byte[32 * 1024];
            Arrays.fill(slice, (byte) 'a');
            long sent = 0;
            try {
                // a slow client: 32 KiB every 10 ms, 8 MB in all if nobody stops it
                while (sent < planned && !response.isDone()) {
                    chunk(out, slice);
                    sent += slice.length;
                    Thread.sleep(10);
                }
            } catch (IOException closedByTheServer) {
                // fine: the server hung up after answering
            }
            sentWhenAnswered = sent;
            answer = response.get(30, TimeUnit.SECONDS);
        }
        assertThat(answer).startsWith("HTTP/1.1 413").contains("urn:t3chat:problem:file-too-large");
        System.out.printf("413 came after %,d of %,d bytes (limit %,d)%n", sentWhenAnswered, planned, MAX_FILE_SIZE);
        assertThat(sentWhenAnswered).as("bytes sent when the answer came").isGreaterThan(MAX_FILE_SIZE)
                .isLessThan(planned / 2);
        assertThat(storedOriginals()).isEqualTo(before);
        assertThat(spooled()).isEmpty();
        assertThat(get(alice, "/api/attachments/usage")).contains("\"usedBytes\":0", "\"usedFiles\":0");
    }

    @Test
    void aFileOfExactlyTheLimitIsAccepted() {
        byte[] content = new byte[(int) MAX_FILE_SIZE];
        Arrays.fill(content, (byte) 'x');
        uploaded(person("alice"), "exactly.txt", content);
    }

    @Test
    void theFilesQuotaIsEnforcedWithTheFigures() {
        String alice = person("alice");
        for (int i = 0; i < 10; i++) {
            uploaded(alice, "note-" + i + ".txt", SampleFiles.text("note " + i));
        }
        upload(alice, "one-too-many.txt", SampleFiles.text("again")).expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:quota-exceeded")
                .jsonPath("$.usedFiles").isEqualTo(10)
                .jsonPath("$.quotaFiles").isEqualTo(10)
                .jsonPath("$.quotaBytes").isEqualTo(4 * MAX_FILE_SIZE)
                .jsonPath("$.usedBytes").isNumber();
        assertThat(get(alice, "/api/attachments/usage")).contains("\"usedFiles\":10", "\"quotaFiles\":10");
    }

    @Test
    void theBytesQuotaIsEnforcedAndADeleteMakesRoom() {
        String alice = person("alice");
        byte[] megabyte = new byte[(int) MAX_FILE_SIZE];
        Arrays.fill(megabyte, (byte) 'm');
        String first = null;
        for (int i = 0; i < 4; i++) {
            String body = uploaded(alice, "big-" + i + ".txt", megabyte);
            first = first == null ? id(body) : first;
        }
        Set<String> before = storedOriginals();
        upload(alice, "tiny.txt", SampleFiles.text("x")).expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.usedBytes").isEqualTo(4 * MAX_FILE_SIZE)
                .jsonPath("$.quotaBytes").isEqualTo(4 * MAX_FILE_SIZE)
                .jsonPath("$.usedFiles").isEqualTo(4);
        assertThat(storedOriginals()).isEqualTo(before);

        http.delete().uri("/api/attachments/{id}", first).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();
        uploaded(alice, "tiny.txt", SampleFiles.text("x"));
        assertThat(get(alice, "/api/attachments/usage"))
                .contains("\"usedBytes\":" + (3 * MAX_FILE_SIZE + 1), "\"usedFiles\":4");
    }

    @Test
    void concurrentUploadsAtTheEdgeOfTheQuotaLetExactlyOneThrough() {
        String alice = person("alice");
        for (int i = 0; i < 9; i++) {
            uploaded(alice, "note-" + i + ".txt", SampleFiles.text("note " + i));
        }
        Set<String> before = storedOriginals();
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        String authorization = bearer(alice);
        List<Integer> statuses = Flux.range(0, 6)
                .flatMap(i -> {
                    var form = new MultipartBodyBuilder();
                    form.part("file", SampleFiles.text("racing " + i)).filename("race-" + i + ".txt");
                    return client.post().uri("/api/attachments").header("Authorization", authorization)
                            .body(BodyInserters.fromMultipartData(form.build()))
                            .exchangeToMono(response -> response.releaseBody()
                                    .then(Mono.just(response.statusCode().value())));
                }, 6)
                .collectList()
                .block(Duration.ofSeconds(60));
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        String usage = get(alice, "/api/attachments/usage");
        assertThat(usage).contains("\"usedFiles\":10");
        // the refused uploads left nothing in the store: one new object, the one that got its row
        Set<String> added = new HashSet<>(storedOriginals());
        added.removeAll(before);
        assertThat(added).hasSize(1);
        List<String> ids = JsonPath.read(get(alice, "/api/attachments?limit=200"), "$.items[*].id");
        assertThat(ids).hasSize(10).contains(added.iterator().next().substring("files/".length()));
        assertThat(spooled()).isEmpty();
    }

    // ------------------------------------------------------------------ raw HTTP

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] partHead() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line, headers and body of the answer, read until its end (Content-Length) or the close. */
    private static String readAnswer(InputStream in) throws IOException {
        var raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long expected = Long.MAX_VALUE;
        for (int n; raw.size() < expected && (n = in.read(buffer)) >= 0; ) {
            raw.write(buffer, 0, n);
            String text = raw.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                for (String line : text.substring(0, headEnd).split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        expected = headEnd + 4 + Long.parseLong(line.substring(15).trim());
                    }
                }
            }
        }
        return raw.toString(StandardCharsets.UTF_8);
    }

    private static Set<String> storedOriginals() {
        Set<String> keys = new HashSet<>();
        try {
            for (Result<Item> item : s3().listObjects(
                    ListObjectsArgs.builder().bucket(BUCKET).prefix("files/").recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }
}
