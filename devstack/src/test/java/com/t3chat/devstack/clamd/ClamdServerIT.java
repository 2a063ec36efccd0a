package com.t3chat.devstack.clamd;

import com.t3chat.devstack.process.PidFile;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.test.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Debian's clamd with our configuration and local EICAR signature, spoken to through INSTREAM. */
class ClamdServerIT {

    /** The EICAR test file, put together here so that no source file holds it whole. */
    static final byte[] EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    static ClamdServer server;

    @BeforeAll
    static void start() {
        TestInfra.assumeClamd();
        server = new ClamdServer(new ClamdSettings(dir.resolve("clamd"), dir.resolve("conf"), PortProbe.freePort(),
                dir.resolve("clamd.log"), dir.resolve("run").resolve("clamd.pid")));
        server.start(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void theEicarFileIsFoundWithTheSignatureName() throws IOException {
        assertThat(instream(server.settings(), EICAR, 8192)).isEqualTo("stream: " + ClamdServer.EICAR_SIGNATURE
                + " FOUND");
        // split across chunks, and followed by a line end as a file on disk would be
        byte[] withNewline = Arrays.copyOf(EICAR, EICAR.length + 1);
        withNewline[EICAR.length] = '\n';
        assertThat(instream(server.settings(), withNewline, 10)).endsWith(ClamdServer.EICAR_SIGNATURE + " FOUND");
    }

    @Test
    void aCleanFileIsOk() throws IOException {
        byte[] text = "Quarterly report: revenue grew by 12 % and the EICAR test is a standard.\n".repeat(2000)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(instream(server.settings(), text, 65536)).isEqualTo("stream: OK");
        // the EICAR string anywhere but at the start is not the test file
        byte[] later = new byte[EICAR.length + 100];
        Arrays.fill(later, (byte) 'a');
        System.arraycopy(EICAR, 0, later, 100, EICAR.length);
        assertThat(instream(server.settings(), later, 65536)).isEqualTo("stream: OK");
    }

    @Test
    void aStreamOverTheLimitIsRefused() throws IOException {
        byte[] chunk = new byte[1024 * 1024];
        String reply;
        try (Socket socket = new Socket(server.settings().host(), server.settings().port())) {
            socket.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            long sent = 0;
            try {
                while (sent <= ClamdSettings.MAX_STREAM_BYTES) {
                    out.writeInt(chunk.length);
                    out.write(chunk);
                    sent += chunk.length;
                }
                out.writeInt(0);
                out.flush();
            } catch (IOException e) {
                // clamd may close the connection as soon as the limit is passed
            }
            reply = ClamdServer.readReply(socket.getInputStream());
        }
        assertThat(reply).isEqualTo("INSTREAM size limit exceeded. ERROR");
        assertThat(ClamdServer.ping(server.settings().host(), server.settings().port())).isTrue();
    }

    @Test
    void itAnswersPingAndRecordsItsPid() {
        assertThat(ClamdServer.ping(server.settings().host(), server.settings().port())).isTrue();
        assertThat(PidFile.read(server.settings().pidFile()).flatMap(PidFile::liveProcess))
                .hasValueSatisfying(p -> assertThat(p.pid()).isEqualTo(server.process().pid()));
        assertThat(ClamdServer.runsWith(com.t3chat.devstack.process.ProcessCommandLine.arguments(server.process().pid()),
                server.settings())).isTrue();
    }

    @Test
    void stopEndsItAndRemovesThePidFile(@TempDir Path other) throws IOException {
        ClamdServer second = new ClamdServer(new ClamdSettings(other.resolve("clamd"), other.resolve("conf"),
                PortProbe.freePort(), other.resolve("clamd.log"), other.resolve("clamd.pid")));
        second.start(Duration.ofSeconds(60));
        ProcessHandle process = second.process().process().toHandle();
        second.stop(Duration.ofSeconds(10));

        assertThat(process.isAlive()).isFalse();
        assertThat(Files.exists(other.resolve("clamd.pid"))).isFalse();
        assertThat(ClamdServer.ping(ClamdSettings.HOST, second.settings().port())).isFalse();
    }

    @Test
    void testInfraServesOne() throws IOException {
        TestInfra infra = TestInfra.shared();
        assertThat(infra.clamdHost()).isEqualTo("127.0.0.1");
        assertThat(instream(infra.clamd(), EICAR, 1024)).endsWith(ClamdServer.EICAR_SIGNATURE + " FOUND");
        assertThat(infra.clamd()).isSameAs(infra.clamd());
    }

    /** A minimal INSTREAM client: the bytes in chunks of {@code chunkSize} (4-byte big-endian length each). */
    static String instream(ClamdSettings clamd, byte[] content, int chunkSize) throws IOException {
        try (Socket socket = new Socket(clamd.host(), clamd.port())) {
            socket.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            for (int offset = 0; offset < content.length; offset += chunkSize) {
                int length = Math.min(chunkSize, content.length - offset);
                out.writeInt(length);
                out.write(content, offset, length);
            }
            out.writeInt(0);
            out.flush();
            InputStream in = socket.getInputStream();
            return ClamdServer.readReply(in);
        }
    }
}
