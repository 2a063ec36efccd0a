package com.t3chat.devstack.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class S3ProxyServerTest {

    @TempDir
    Path dir;

    @Test
    void objectStoreListensOnLoopback() throws IOException {
        S3Settings settings = new S3Settings(dir.resolve("s3"), dir.resolve("conf"), 9000, "a", "b",
                dir.resolve("s3.log"), null, 0);
        new S3ProxyServer(settings).writeProperties();

        assertThat(Files.readString(settings.properties())).contains("s3proxy.endpoint=http://127.0.0.1:9000\n");
        assertThat(settings.stackDir()).isEqualTo(dir.toAbsolutePath().normalize());
    }
}
