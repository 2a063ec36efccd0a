package com.t3chat.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A process we started: its output goes to its own log file, it runs in its own session (so a Ctrl-C in the
 * terminal reaches only the supervisor, which then stops everything in order), and its pid is recorded.
 */
public final class ChildProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration POLL = Duration.ofMillis(200);

    private final LaunchSpec spec;
    private final Process process;

    private ChildProcess(LaunchSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    public static ChildProcess launch(LaunchSpec spec) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(spec.command());
        try {
            Files.createDirectories(spec.logFile().getParent());
            Files.writeString(spec.logFile(), "%n===== %s starting %s: %s%n".formatted(LocalDateTime.now(), spec.name(),
                            String.join(" ", spec.command())), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.workingDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(spec.environment());
            Process process = builder.start();
            if (spec.pidFile() != null) {
                PidFile.of(process.toHandle(), spec.marker()).writeTo(spec.pidFile());
            }
            return new ChildProcess(spec, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return spec.name();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return spec.logFile();
    }

    public Process process() {
        return process;
    }

    /**
     * Polls {@code ready} until it holds. Fails (with the end of the log) if the process exits first or
     * {@code timeout} passes.
     */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new StartupFailure("%s exited with code %d before it was ready. Last lines of %s:%n%s".formatted(
                        spec.name(), process.exitValue(), spec.logFile(), LogTail.lastLines(spec.logFile(), 40)));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StartupFailure("%s was not ready within %d s. Last lines of %s:%n%s".formatted(
                        spec.name(), timeout.toSeconds(), spec.logFile(), LogTail.lastLines(spec.logFile(), 40)));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure("interrupted while waiting for " + spec.name());
            }
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; removes the pid file. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            ProcessTerminator.terminate(process.toHandle(), grace);
        }
        deletePidFile();
    }

    public void deletePidFile() {
        if (spec.pidFile() != null) {
            try {
                Files.deleteIfExists(spec.pidFile());
            } catch (IOException e) {
                // nothing to do: a stale pid file is checked against the process start time later
            }
        }
    }
}
