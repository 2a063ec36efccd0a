package com.t3chat.devstack.postgres;

import com.t3chat.devstack.process.ProcessCommandLine;
import com.t3chat.devstack.process.ProcessTerminator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (zonky's embedded binaries) run from this JVM. Its postmaster outlives a killed JVM;
 * {@link #stopLeftover(Path)} finds it again through {@code postmaster.pid}.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on a data folder that is kept between runs (initdb only when it is empty).
     *
     * @param port        0 for a free port
     * @param binariesDir where the binaries are unpacked (a cache)
     * @param logFile     the server's output
     * @param persistent  false: the data folder is deleted on {@link #close()}
     */
    public static PostgresServer start(Path dataDir, int port, Path binariesDir, Path logFile, boolean persistent) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(binariesDir);
            Files.createDirectories(logFile.getParent());
            discardUnfinishedInit(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!persistent)
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (port > 0) {
                builder.setPort(port);
            }
            return new PostgresServer(builder.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on " + dataDir + " (see " + logFile + ")", e);
        }
    }

    /** A data folder without postgresql.conf but with content is the remains of an interrupted initdb. */
    private static void discardUnfinishedInit(Path dataDir) throws IOException {
        if (Files.exists(dataDir.resolve("postgresql.conf"))) {
            return;
        }
        try (Stream<Path> content = Files.list(dataDir)) {
            if (content.findAny().isEmpty()) {
                return;
            }
        }
        try (Stream<Path> walk = Files.walk(dataDir)) {
            List<Path> paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                if (!path.equals(dataDir)) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public DataSource adminDataSource() {
        return postgres.getPostgresDatabase();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public Optional<Long> postmasterPid() {
        return readPostmasterPid(dataDir);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Optional<Long> readPostmasterPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The postmaster of this data folder if it is running (pid from postmaster.pid, checked by its command line). */
    public static Optional<ProcessHandle> runningPostmaster(Path dataDir) {
        String dir = dataDir.toAbsolutePath().normalize().toString();
        return readPostmasterPid(dataDir)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> ProcessCommandLine.of(p.pid()).contains(dir));
    }

    /**
     * Stops a postmaster left running on this data folder by a killed JVM (SIGINT = fast shutdown, SIGKILL after
     * 30 s). Returns whether there was one.
     */
    public static boolean stopLeftover(Path dataDir) {
        Optional<ProcessHandle> postmaster = runningPostmaster(dataDir);
        postmaster.ifPresent(p -> ProcessTerminator.interrupt(p, Duration.ofSeconds(30)));
        return postmaster.isPresent();
    }
}
