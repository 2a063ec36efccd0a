package com.t3chat.devstack.clamd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClamdServerTest {

    @TempDir
    Path dir;

    @Test
    void itListensOnLoopbackWithItsOwnDatabaseAndBoundedStreams() throws IOException {
        ClamdSettings settings = new ClamdSettings(dir.resolve("clamd"), dir.resolve("conf"), 3310,
                dir.resolve("clamd.log"), null);
        new ClamdServer(settings).writeConfiguration();

        List<String> config = Files.readAllLines(settings.configFile());
        assertThat(config).contains("TCPSocket 3310", "TCPAddr 127.0.0.1", "Foreground yes",
                "DatabaseDirectory " + dir.resolve("clamd").resolve("db"),
                "StreamMaxLength " + 32 * 1024 * 1024, "MaxFileSize " + 32 * 1024 * 1024);
        assertThat(config).noneMatch(line -> line.startsWith("LocalSocket") || line.startsWith("User "));
        assertThat(config).contains("TemporaryDirectory " + dir.resolve("clamd").resolve("tmp"));
        assertThat(ClamdSettings.MAX_STREAM_BYTES).isGreaterThan(25L * 1024 * 1024);
        assertThat(Files.readString(settings.databaseDir().resolve(ClamdServer.DATABASE_FILE)))
                .isEqualTo(ClamdServer.EICAR_NDB + "\n");
    }

    @Test
    void streamsAreScannedUnderTheSystemsTemporaryFolder() {
        String tmp = System.getProperty("java.io.tmpdir");
        ClamdSettings local = new ClamdSettings(Path.of("/home/someone/repo/.data/clamd"), Path.of("/c"), 3310,
                Path.of("/l"), null);
        assertThat(local.tempDir()).isEqualTo(Path.of(tmp).toAbsolutePath().normalize()
                .resolve("t3chat-clamd-" + System.getProperty("user.name") + "-3310"));
    }

    @Test
    void theSignatureIsTheEicarTestFileAtOffsetZero() {
        String[] fields = ClamdServer.EICAR_NDB.split(":");
        assertThat(fields).hasSize(4);
        assertThat(fields[0] + ".UNOFFICIAL").isEqualTo(ClamdServer.EICAR_SIGNATURE);
        assertThat(fields[1]).as("any file type").isEqualTo("0");
        assertThat(fields[2]).as("offset").isEqualTo("0");
        assertThat(HexFormat.of().parseHex(fields[3])).isEqualTo(ClamdServerIT.EICAR);
        assertThat(new String(ClamdServerIT.EICAR, StandardCharsets.US_ASCII)).hasSize(68);
    }

    @Test
    void aLeftoverIsRecognisedByItsConfiguration() {
        ClamdSettings ours = new ClamdSettings(dir.resolve("clamd"), dir.resolve("conf"), 3310, dir.resolve("l"), null);
        ClamdSettings other = new ClamdSettings(dir.resolve("x"), dir.resolve("conf2"), 3310, dir.resolve("l"), null);

        assertThat(ClamdServer.runsWith(List.of("/usr/sbin/clamd", ours.configArgument()), ours)).isTrue();
        assertThat(ClamdServer.runsWith(List.of("/usr/sbin/clamd", other.configArgument()), ours)).isFalse();
        assertThat(ClamdServer.runsWith(List.of("/usr/sbin/clamd", "--foreground"), ours)).isFalse();
        assertThat(ClamdServer.runsWith(List.of("/usr/bin/java", ours.configArgument()), ours)).isFalse();
        assertThat(ClamdServer.runsWith(List.of(), ours)).isFalse();
    }
}
