package com.t3chat.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code run/<part>.pid} records about a process: its pid, its start time (to tell it from a later process
 * that got the same pid) and a marker that its command line contains.
 */
public record PidFile(long pid, long startMillis, String marker) {

    public static PidFile of(ProcessHandle process, String marker) {
        long start = process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return new PidFile(process.pid(), start, marker == null ? "" : marker);
    }

    public void writeTo(Path file) {
        String text = "pid=" + pid + "\nstart=" + startMillis + "\nmarker=" + marker.replace("\n", " ") + "\n";
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static Optional<PidFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            long pid = Long.parseLong(properties.getProperty("pid", "").trim());
            long start = Long.parseLong(properties.getProperty("start", "0").trim());
            return Optional.of(new PidFile(pid, start, properties.getProperty("marker", "")));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The live process this file describes, if it still runs and is still the same process. */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> !ProcessCommandLine.isZombie(p.pid()))
                .filter(p -> startMillis == 0 || p.info().startInstant()
                        .map(i -> Math.abs(i.toEpochMilli() - startMillis) < 1000).orElse(true))
                .filter(p -> marker.isEmpty() || ProcessCommandLine.of(p.pid()).contains(marker));
    }
}
