package com.t3chat.gateway.body;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Request bodies over the limit are refused at the gateway with a 413 problem, whether they declare their length or
 * stream without one, before the rest is sent; bodies at the limit pass whole. The client is a plain socket that
 * writes the body piece by piece while it reads the answer (as a browser uploading a file does); the services are
 * plain HTTP servers that count what reached them. The limits are the shipped ones from config-repo (1 MB, uploads
 * 25 MB + 64 KB).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/gateway-service.yml"})
class RequestBodyLimitIT {

    private static final long MB = 1024 * 1024;
    private static final long LIMIT = MB;
    private static final long MAX_FILE = 25 * MB;
    private static final long UPLOAD_LIMIT = MAX_FILE + 64 * 1024;
    private static final String TEST_ID = "X-Test-Id";
    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();
    /** What each service received, by the test request's id. */
    private static final Map<String, Received> received = new ConcurrentHashMap<>();
    private static final List<HttpServer> services = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        TestInfra.registerWithoutDatabase(registry);
        for (String service : new String[] {"chat", "attachment"}) {
            HttpServer server = countingService();
            registry.add("t3chat.services." + service, () -> "http://127.0.0.1:" + server.getAddress().getPort());
        }
    }

    @AfterAll
    static void stopServices() {
        services.forEach(server -> server.stop(0));
    }

    @LocalServerPort
    int port;

    @Test
    void aBodyThatDeclaresTooManyBytesIsRefusedBeforeAnyOfItIsRead() throws Exception {
        // a slow sender (16 KB every 100 ms) that announced one byte over the limit
        String id = UUID.randomUUID().toString();
        Answer answer = send("POST", "/api/chats/c1/messages", id, List.of(),
                Body.of(LIMIT + 1).declared().slowly(16 * 1024, Duration.ofMillis(100)));

        assertTooLarge(answer, "urn:t3chat:problem:payload-too-large", LIMIT, "1 MB");
        // 256 KB would take this sender 1.6 s
        assertThat(answer.sentBeforeAnswer()).isLessThan(LIMIT / 4);
        assertThat(received).doesNotContainKey(id);

        // a client that waits for 100 Continue gets the refusal instead, and sends nothing
        String waiting = UUID.randomUUID().toString();
        Answer refused = send("POST", "/api/chats/c1/messages", waiting, List.of("Expect: 100-continue"),
                Body.of(LIMIT + 1).declared().afterContinue());
        assertTooLarge(refused, "urn:t3chat:problem:payload-too-large", LIMIT, "1 MB");
        assertThat(refused.sentBeforeAnswer()).isZero();
        assertThat(received).doesNotContainKey(waiting);
    }

    @Test
    void aChunkedBodyWithoutALengthIsCutOffWhereItPassesTheLimit() throws Exception {
        String id = UUID.randomUUID().toString();
        Answer answer = send("POST", "/api/chats/c1/messages", id, List.of(), Body.of(3 * MB).chunked(64 * 1024));

        assertTooLarge(answer, "urn:t3chat:problem:payload-too-large", LIMIT, "1 MB");
        // the service got at most the limit, and not as a whole request: its request was aborted
        Received got = received.get(id);
        if (got != null) {
            assertThat(got.bytes()).isLessThanOrEqualTo(LIMIT);
            assertThat(got.complete()).isFalse();
        }
    }

    @Test
    void aSlowSenderGetsThe413AsSoonAsItsBodyPassesTheLimit() throws Exception {
        // 64 KB every 50 ms: 4 MB would take more than 3 s
        Answer answer = send("POST", "/api/chats/c1/messages", UUID.randomUUID().toString(), List.of(),
                Body.of(4 * MB).chunked(64 * 1024).slowly(64 * 1024, Duration.ofMillis(50)));

        assertTooLarge(answer, "urn:t3chat:problem:payload-too-large", LIMIT, "1 MB");
        assertThat(answer.sentBeforeAnswer()).isGreaterThan(LIMIT).isLessThan(2 * MB);
    }

    @Test
    void aBodyOfExactlyTheLimitPassesWholeWithOrWithoutALength() throws Exception {
        for (Body body : List.of(Body.of(LIMIT).declared(), Body.of(LIMIT).chunked(64 * 1024))) {
            String id = UUID.randomUUID().toString();
            Answer answer = send("POST", "/api/chats/c1/messages", id, List.of("Connection: close"), body);

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(received.get(id)).isEqualTo(new Received(LIMIT, true));
        }
    }

    @Test
    void anUploadMayCarryTheLargestFileInItsEnvelopeAndNotOneByteMore() throws Exception {
        // a real multipart upload of a 25 MB file passes
        String id = UUID.randomUUID().toString();
        Answer file = send("POST", "/api/attachments", id, List.of("Connection: close",
                "Content-Type: multipart/form-data; boundary=" + Body.BOUNDARY), Body.upload(MAX_FILE).declared());
        assertThat(file.status()).as(file.toString()).isEqualTo(200);
        assertThat(received.get(id).complete()).isTrue();

        // the whole allowance passes, one more byte does not — declared or streamed
        for (Body atLimit : List.of(Body.of(UPLOAD_LIMIT).declared(), Body.of(UPLOAD_LIMIT).chunked(256 * 1024))) {
            String at = UUID.randomUUID().toString();
            Answer passed = send("POST", "/api/attachments", at, List.of("Connection: close"), atLimit);
            assertThat(passed.status()).as(passed.toString()).isEqualTo(200);
            assertThat(received.get(at)).isEqualTo(new Received(UPLOAD_LIMIT, true));
        }
        for (Body over : List.of(Body.of(UPLOAD_LIMIT + 1).declared(), Body.of(UPLOAD_LIMIT + 1).chunked(256 * 1024))) {
            Answer refused = send("POST", "/api/attachments", UUID.randomUUID().toString(), List.of(), over);
            assertTooLarge(refused, "urn:t3chat:problem:file-too-large", MAX_FILE, "25 MB");
        }
    }

    @Test
    void onlyPostingAnUploadHasTheLargerAllowance() throws Exception {
        for (String[] request : new String[][] {{"POST", "/api/chats"}, {"PUT", "/api/attachments"},
                {"POST", "/api/attachments/123"}, {"PATCH", "/api/chats/c1"}}) {
            Answer answer = send(request[0], request[1], UUID.randomUUID().toString(), List.of(),
                    Body.of(2 * MB).chunked(64 * 1024));
            assertThat(answer.status()).as(String.join(" ", request)).isEqualTo(413);
            assertThat((String) JsonPath.read(answer.body(), "$.type"))
                    .isEqualTo("urn:t3chat:problem:payload-too-large");
        }
    }

    private static void assertTooLarge(Answer answer, String type, long limitBytes, String readableLimit) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat((String) JsonPath.read(answer.body(), "$.type")).isEqualTo(type);
        assertThat(((Number) JsonPath.read(answer.body(), "$.limitBytes")).longValue()).isEqualTo(limitBytes);
        assertThat((String) JsonPath.read(answer.body(), "$.detail")).contains(readableLimit);
        assertThat(answer.headers().get("connection")).isEqualTo("close");
        assertThat(answer.closed()).as("the gateway closes the connection after the 413").isTrue();
    }

    // ---------------------------------------------------------------- a client that streams its body

    /**
     * A request body: {@code size} bytes (a multipart prefix and suffix count in), sent with a Content-Length or
     * chunked, in pieces, with a pause after each; or only once the server says {@code 100 Continue}.
     */
    private record Body(byte[] prefix, long size, byte[] suffix, boolean chunked, int piece, Duration pause,
            boolean waitForContinue) {

        static final String BOUNDARY = "t3chat-test-boundary";

        static Body of(long size) {
            return new Body(new byte[0], size, new byte[0], false, 64 * 1024, Duration.ZERO, false);
        }

        /** A multipart/form-data body with one file part of {@code fileSize} bytes. */
        static Body upload(long fileSize) {
            byte[] prefix = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] suffix = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            return new Body(prefix, prefix.length + fileSize + suffix.length, suffix, false, 256 * 1024,
                    Duration.ZERO, false);
        }

        Body declared() {
            return new Body(prefix, size, suffix, false, piece, pause, waitForContinue);
        }

        Body chunked(int pieceSize) {
            return new Body(prefix, size, suffix, true, pieceSize, pause, waitForContinue);
        }

        Body slowly(int pieceSize, Duration pauseAfterEach) {
            return new Body(prefix, size, suffix, chunked, pieceSize, pauseAfterEach, waitForContinue);
        }

        Body afterContinue() {
            return new Body(prefix, size, suffix, chunked, piece, pause, true);
        }

        /** Byte {@code at} of the body. */
        byte at(long at) {
            if (at < prefix.length) {
                return prefix[(int) at];
            }
            long fromEnd = size - at;
            return fromEnd <= suffix.length ? suffix[(int) (suffix.length - fromEnd)] : (byte) 'a';
        }
    }

    /**
     * @param sentBeforeAnswer body bytes the client had written when the status line arrived
     * @param closed           the gateway closed the connection after the answer
     */
    private record Answer(int status, Map<String, String> headers, String body, long sentBeforeAnswer,
            boolean closed) {
    }

    private Answer send(String method, String path, String testId, List<String> headers, Body body)
            throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n")
                    .append("Authorization: Bearer ").append(jwt.token("alice", "user")).append("\r\n")
                    .append(TEST_ID).append(": ").append(testId).append("\r\n")
                    .append("Content-Type: application/octet-stream\r\n");
            headers.forEach(header -> head.append(header).append("\r\n"));
            head.append(body.chunked() ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.size() + "\r\n");
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            AtomicLong sent = new AtomicLong();
            InputStream in = socket.getInputStream();
            Thread writer = null;
            if (!body.waitForContinue()) {
                writer = Thread.ofVirtual().start(() -> writeBody(out, body, sent));
            }
            String statusLine = readLine(in);
            long sentAtAnswer = sent.get();
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (String line; !(line = readLine(in)).isEmpty(); ) {
                int colon = line.indexOf(':');
                responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            byte[] responseBody = in.readNBytes(Integer.parseInt(responseHeaders.getOrDefault("content-length", "0")));
            boolean closed = closedWithin(in, Duration.ofSeconds(5));
            if (writer != null) {
                writer.join(Duration.ofSeconds(20));
            }
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), responseHeaders,
                    new String(responseBody, StandardCharsets.UTF_8), sentAtAnswer, closed);
        }
    }

    /** Writes the body until it is all sent or the server stops taking it. */
    private static void writeBody(OutputStream out, Body body, AtomicLong sent) {
        try {
            byte[] piece = new byte[body.piece()];
            while (sent.get() < body.size()) {
                int length = (int) Math.min(piece.length, body.size() - sent.get());
                for (int i = 0; i < length; i++) {
                    piece[i] = body.at(sent.get() + i);
                }
                if (body.chunked()) {
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(piece, 0, length);
                if (body.chunked()) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                sent.addAndGet(length);
                if (!body.pause().isZero()) {
                    Thread.sleep(body.pause());
                }
            }
            if (body.chunked()) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException refusedTheRest) {
            // the gateway answered and closed: nothing more is taken
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean closedWithin(InputStream in, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- the services

    /** @param complete the request's whole body arrived (as many bytes as announced, or the chunked end) */
    private record Received(long bytes, boolean complete) {
    }

    /** A service that reads every request body to its end, counts it, and answers 200. */
    private static HttpServer countingService() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", RequestBodyLimitIT::count);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        services.add(server);
        return server;
    }

    private static void count(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestHeaders().getFirst(TEST_ID);
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
                received.put(id, new Received(bytes, false));
            }
        } catch (IOException aborted) {
            received.put(id, new Received(bytes, false));
            exchange.close();
            return;
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        received.put(id, new Received(bytes, declared == null || Long.parseLong(declared) == bytes));
        byte[] answer = ("{\"received\":" + bytes + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }
}
