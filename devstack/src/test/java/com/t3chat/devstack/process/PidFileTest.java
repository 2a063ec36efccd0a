package com.t3chat.devstack.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAndRecognisesItsOwnProcess() {
        Path file = dir.resolve("run").resolve("me.pid");
        PidFile.of(ProcessHandle.current(), "java").writeTo(file);

        PidFile read = PidFile.read(file).orElseThrow();
        assertThat(read.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(read.liveProcess()).contains(ProcessHandle.current());
    }

    @Test
    void aProcessWithAnotherStartTimeOrCommandLineIsNotOurs() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().orElseThrow().toEpochMilli();

        assertThat(new PidFile(self.pid(), start - 60_000, "").liveProcess()).isEmpty();
        assertThat(new PidFile(self.pid(), start, "no-such-marker-in-the-command-line").liveProcess()).isEmpty();
        assertThat(new PidFile(Integer.MAX_VALUE - 1L, 0, "").liveProcess()).isEmpty();
    }

    @Test
    void garbageIsIgnored() throws Exception {
        Path file = dir.resolve("broken.pid");
        Files.writeString(file, "pid=not-a-number\n");
        assertThat(PidFile.read(file)).isEmpty();
        assertThat(PidFile.read(dir.resolve("missing.pid"))).isEmpty();
    }
}
