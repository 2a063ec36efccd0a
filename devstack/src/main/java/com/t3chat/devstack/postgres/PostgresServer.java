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

    private final PostgresSettings settings;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(PostgresSettings settings, EmbeddedPostgres postgres) {
        this.settings = settings;
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    /** Starts PostgreSQL on {@link PostgresSettings#dataDir()}, kept between runs if it is persistent. */
    public static PostgresServer start(PostgresSettings settings) {
        try {
            Files.createDirectories(settings.dataDir());
            Files.createDirectories(settings.binariesDir());
            Files.createDirectories(settings.logFile().getParent());
            if (!settings.persistent()) {
                deleteContent(settings.dataDir());
            }
            discardUnfinishedInit(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + settings.dataDir(), e);
        }
        return new PostgresServer(settings, launch(settings, settings.port()));
    }

    private static EmbeddedPostgres launch(PostgresSettings settings, int port) {
        // the data folder is never cleaned by zonky (close() would delete it): this class deletes it when asked
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(settings.dataDir())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(settings.binariesDir().toFile())
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
        // zonky always passes -F (fsync off) and sets synchronous_commit=off; later -c options win over -F
        String onOff = settings.durable() ? "on" : "off";
        builder.setServerConfig("fsync", onOff)
                .setServerConfig("synchronous_commit", onOff)
                .setServerConfig("full_page_writes", onOff);
        if (port > 0) {
            builder.setPort(port);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "PostgreSQL did not start on " + settings.dataDir() + " (see " + settings.logFile() + ")", e);
        }
    }

    /**
     * Stops the server (PostgreSQL's fast shutdown: open connections are closed); port and data are kept for
     * {@link #startAgain()}. For tests of a database outage.
     */
    public synchronized void stop() {
        if (postgres != null) {
            EmbeddedPostgres running = postgres;
            postgres = null;
            closeQuietly(running);
        }
    }

    /** Starts the server again on the same port and data after {@link #stop()}; nothing if it runs. */
    public synchronized void startAgain() {
        if (postgres == null) {
            postgres = launch(settings, port);
        }
    }

    public synchronized boolean running() {
        return postgres != null;
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteContent(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                if (!path.equals(dir)) {
                    Files.deleteIfExists(path);
                }
            }
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
        deleteContent(dataDir);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The superuser's {@code postgres} database (the server must be running). */
    public synchronized DataSource adminDataSource() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return postgres.getPostgresDatabase();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public Optional<Long> postmasterPid() {
        return readPostmasterPid(settings.dataDir());
    }

    /** Stops the server; a data folder that is not persistent is deleted. */
    @Override
    public synchronized void close() {
        stop();
        if (!settings.persistent()) {
            try {
                deleteContent(settings.dataDir());
                Files.deleteIfExists(settings.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + settings.dataDir(), e);
            }
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
