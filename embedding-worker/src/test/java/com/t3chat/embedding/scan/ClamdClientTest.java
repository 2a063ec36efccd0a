package com.t3chat.embedding.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The INSTREAM exchange, against a server that speaks clamd's side of it. */
class ClamdClientTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsSentInLengthPrefixedChunksAndACleanReplyIsClean() throws Exception {
        byte[] content = new byte[ClamdClient.CHUNK_SIZE * 2 + 123];
        new java.util.Random(1).nextBytes(content);
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (var clamd = new FakeClamd(stream -> {
            received.set(stream);
            return "stream: OK";
        })) {
            ScanVerdict verdict = client(clamd.port()).scan(file(content));
            assertThat(verdict.infected()).isFalse();
            assertThat(received.get()).isEqualTo(content);
            assertThat(clamd.command.get()).isEqualTo("zINSTREAM");
        }
    }

    @Test
    void aFoundReplyNamesTheSignature() throws Exception {
        try (var clamd = new FakeClamd(stream -> "stream: Eicar-Test-Signature FOUND")) {
            ScanVerdict verdict = client(clamd.port()).scan(file("x".getBytes(StandardCharsets.UTF_8)));
            assertThat(verdict.infected()).isTrue();
            assertThat(verdict.signature()).isEqualTo("Eicar-Test-Signature");
        }
    }

    @Test
    void anErrorReplyMeansTheScanDidNotHappen() throws Exception {
        try (var clamd = new FakeClamd(stream -> "INSTREAM size limit exceeded. ERROR")) {
            assertThatThrownBy(() -> client(clamd.port()).scan(file(new byte[10])))
                    .isInstanceOf(ClamdClient.ClamdUnavailableException.class)
                    .hasMessageContaining("size limit exceeded");
        }
    }

    @Test
    void noClamdListeningIsUnavailableNotClean() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> client(closed).scan(file(new byte[10])))
                .isInstanceOf(ClamdClient.ClamdUnavailableException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void withoutAHostThereIsNoScan() {
        assertThat(new ClamdClient(new ClamdProperties("", 3310, Duration.ofSeconds(5))).configured()).isFalse();
        assertThat(new ClamdClient(new ClamdProperties(null, 3310, Duration.ofSeconds(5))).configured()).isFalse();
    }

    private static ClamdClient client(int port) {
        return new ClamdClient(new ClamdProperties("127.0.0.1", port, Duration.ofSeconds(5)));
    }

    private Path file(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "scan", ".bin");
        Files.write(file, content);
        return file;
    }

    /** One connection: reads the NUL-terminated command and the chunked stream, answers {@code reply(stream)}. */
    private static final class FakeClamd implements AutoCloseable {

        final AtomicReference<String> command = new AtomicReference<>();
        private final ServerSocket server;
        private final Thread thread;

        FakeClamd(Function<byte[], String> reply) throws IOException {
            server = new ServerSocket(0);
            thread = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    var in = new DataInputStream(socket.getInputStream());
                    var name = new ByteArrayOutputStream();
                    for (int b; (b = in.read()) > 0; ) {
                        name.write(b);
                    }
                    command.set(name.toString(StandardCharsets.US_ASCII));
                    var stream = new ByteArrayOutputStream();
                    for (int length; (length = in.readInt()) > 0; ) {
                        stream.write(in.readNBytes(length));
                    }
                    socket.getOutputStream().write((reply.apply(stream.toByteArray()) + "\0")
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test sees what the client made of it
                }
            });
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000);
        }
    }
}
