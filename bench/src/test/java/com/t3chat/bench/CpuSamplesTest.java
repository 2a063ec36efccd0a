package com.t3chat.bench;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CpuSamplesTest {

    @Test
    void aHiddenOrNestedClassCountsInTheHostsPackage() {
        assertThat(CpuSamples.packageOf("io.netty.channel.nio.NioEventLoop")).isEqualTo("io.netty.channel.nio");
        assertThat(CpuSamples.packageOf("a.b.C$Inner")).isEqualTo("a.b");
        assertThat(CpuSamples.packageOf("a.b.C$$Lambda/0x000001f2c3")).isEqualTo("a.b");
        assertThat(CpuSamples.packageOf("Top")).isEqualTo("(no package)");
    }

    @Test
    void countsSelfSamplesByPackageAndTheStacksThatContainALibrary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("burn.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            long written = 0;
            while (System.nanoTime() < end) {
                written += ChatApi.JSON.writeValueAsString(Map.of("model", "m", "messages",
                        List.of(Map.of("role", "user", "content", "x".repeat(200))))).length();
            }
            recording.stop();
            recording.dump(file);
            assertThat(written).isPositive();
        }

        CpuSamples samples = CpuSamples.read(file, 12);

        assertThat(samples.samples()).isGreaterThanOrEqualTo(5); // a shared machine samples fewer than 150
        assertThat(samples.topPackages()).hasSizeLessThanOrEqualTo(12);
        assertThat(samples.topPackages().values().stream().mapToLong(Long::longValue).sum())
                .isLessThanOrEqualTo(samples.samples());
        // the loop serializes JSON with Jackson: most samples have it in their stack, none has Kafka
        assertThat(samples.libraries().get("jackson")).isGreaterThan(samples.samples() / 2);
        assertThat(samples.libraries().get("kafka")).isZero();
        assertThat(samples.libraries()).containsOnlyKeys(CpuSamples.LIBRARIES.keySet());
    }
}
