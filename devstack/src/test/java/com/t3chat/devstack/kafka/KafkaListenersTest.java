package com.t3chat.devstack.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.t3chat.devstack.infra.JvmProfile;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's generated configuration binds loopback only. */
class KafkaListenersTest {

    @TempDir
    Path dir;

    @Test
    void brokerAndControllerListenOnLoopback() throws IOException {
        KafkaSettings settings = new KafkaSettings(dir.resolve("kafka"), dir.resolve("conf"), 9092, 9093,
                dir.resolve("kafka.log"), null, 384, 0);
        new KafkaBroker(settings).writeServerProperties();

        String properties = Files.readString(settings.serverProperties());
        assertThat(properties).contains("listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093\n")
                .contains("advertised.listeners=PLAINTEXT://localhost:9092\n");
        assertThat(settings.stackDir()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void theBrokerRunsWithTheProductionProfileAndItsOwnHeap() {
        KafkaSettings settings = new KafkaSettings(dir.resolve("kafka"), dir.resolve("conf"), 9092, 9093,
                dir.resolve("kafka.log"), null, 384, 0);

        assertThat(new KafkaBroker(settings, JvmProfile.PRODUCTION).jvmOptions("-Dlog"))
                .contains("-XX:+UseG1GC", "-Xms128m", "-Xmx384m", "-XX:G1PeriodicGCInterval=15000", "-Dlog")
                .doesNotContain("-Xmx512m", "-XX:+UseSerialGC");
        assertThat(new KafkaBroker(settings).jvmOptions("-Dlog"))
                .contains("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .doesNotContain("-XX:+UseG1GC");
    }
}
