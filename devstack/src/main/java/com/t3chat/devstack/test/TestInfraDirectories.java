package com.t3chat.devstack.test;

import com.t3chat.devstack.postgres.PostgresServer;
import com.t3chat.devstack.process.PidFile;
import com.t3chat.devstack.process.ProcessTerminator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The per-JVM folders of {@link TestInfra}: {@code <tmp>/t3chat-testinfra/<pid>-<start millis>/}. A folder whose
 * JVM is gone is stale: its processes are stopped and it is deleted.
 */
final class TestInfraDirectories {

    private static final Pattern OWNED = Pattern.compile("(\\d+)-(\\d+)");

    private TestInfraDirectories() {
    }

    static Path base() {
        return Path.of(System.getProperty("java.io.tmpdir"), "t3chat-testinfra");
    }

    static Path createOwn(Path base) {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        Path dir = base.resolve(self.pid() + "-" + start);
        try {
            Files.createDirectories(dir.resolve("run"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    static void sweepStale(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(base)) {
            dirs.filter(Files::isDirectory).filter(TestInfraDirectories::isStale).forEach(TestInfraDirectories::clean);
        } catch (IOException e) {
            // best effort: a stale folder costs disk space only
        }
    }

    private static boolean isStale(Path dir) {
        Matcher name = OWNED.matcher(dir.getFileName().toString());
        if (!name.matches()) {
            return false;
        }
        long pid = Long.parseLong(name.group(1));
        long start = Long.parseLong(name.group(2));
        Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return owner.isEmpty() || owner.get().info().startInstant()
                .map(i -> Math.abs(i.toEpochMilli() - start) > 1000).orElse(false);
    }

    private static void clean(Path dir) {
        try (Stream<Path> pidFiles = Files.isDirectory(dir.resolve("run")) ? Files.list(dir.resolve("run"))
                : Stream.empty()) {
            pidFiles.filter(p -> p.toString().endsWith(".pid"))
                    .map(PidFile::read)
                    .flatMap(Optional::stream)
                    .flatMap(p -> p.liveProcess().stream())
                    .forEach(p -> ProcessTerminator.terminate(p, Duration.ofSeconds(10)));
            PostgresServer.stopLeftover(dir.resolve("postgres"));
            delete(dir);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
