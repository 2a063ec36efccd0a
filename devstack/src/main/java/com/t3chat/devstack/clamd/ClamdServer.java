package com.t3chat.devstack.clamd;

import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.LaunchSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's ClamAV daemon ({@code clamav-daemon}) run as a child process with a configuration of ours: TCP on
 * {@code 127.0.0.1}, in the foreground, its own database folder holding one local signature that detects the EICAR
 * test file (no signature download works here, and {@code freshclam} never runs). Ready once it answers
 * {@code PING}. Not installed is not an error for the stack: {@link #executable()} is empty and nothing starts.
 */
public final class ClamdServer {

    /** The name clamd reports for the EICAR test file: {@code stream: Eicar-Test-Signature.UNOFFICIAL FOUND}. */
    public static final String EICAR_SIGNATURE = "Eicar-Test-Signature.UNOFFICIAL";

    /** What to install when clamd is missing. */
    public static final String INSTALL_HINT = "Debian's clamav-daemon (apt-get install clamav-daemon clamav; "
            + "./dev up and ./dev test install it when they run as root)";

    static final String DATABASE_FILE = "t3chat-local.ndb";

    /**
     * An extended (.ndb) signature: name, target type 0 (any file), offset 0, the 68 bytes of the EICAR test
     * string in hex (so that this source file is no test virus itself). clamd adds {@code .UNOFFICIAL} to the name
     * because the database is not signed.
     */
    static final String EICAR_NDB = "Eicar-Test-Signature:0:0:58354f2150254041505b345c505a58353428505e2937434329"
            + "377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a";

    private static final List<Path> WELL_KNOWN = List.of(Path.of("/usr/sbin/clamd"), Path.of("/usr/local/sbin/clamd"));
    private static final int PROBE_TIMEOUT_MILLIS = 1000;

    private final ClamdSettings settings;
    private volatile ChildProcess process;

    public ClamdServer(ClamdSettings settings) {
        this.settings = settings;
    }

    public ClamdSettings settings() {
        return settings;
    }

    /** Debian's {@code /usr/sbin/clamd} (not on a normal user's PATH), or a clamd on the PATH; empty if none. */
    public static Optional<Path> executable() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "clamd"));
        return Stream.concat(WELL_KNOWN.stream(), onPath).filter(Files::isExecutable).findFirst();
    }

    public static boolean installed() {
        return executable().isPresent();
    }

    /** Writes its configuration and signature database, starts clamd and waits until it answers {@code PING}. */
    public synchronized void start(Duration timeout) {
        if (process != null && process.isAlive()) {
            return;
        }
        Path clamd = executable().orElseThrow(() -> new IllegalStateException("clamd is not installed: install "
                + INSTALL_HINT));
        writeConfiguration();
        String config = settings.configArgument();
        process = ChildProcess.launch(new LaunchSpec("clamd", List.of(clamd.toString(), config), Map.of(),
                settings.dir(), settings.logFile(), settings.pidFile(), config));
        process.awaitReady(() -> ping(settings.host(), settings.port()), timeout);
    }

    /** SIGTERM (clamd closes its socket and exits), SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        ChildProcess running = process;
        if (running != null) {
            running.stop(grace);
        }
        process = null;
    }

    public ChildProcess process() {
        return process;
    }

    /** Whether a clamd on {@code host:port} answers {@code zPING} with {@code PONG} within a second. */
    public static boolean ping(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            socket.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return "PONG".equals(readReply(socket.getInputStream()));
        } catch (IOException e) {
            return false;
        }
    }

    /** One reply of clamd's {@code z} (NUL-terminated) protocol, without the NUL. */
    static String readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0 && reply.size() < 4096) {
            reply.write(b);
        }
        return reply.toString(StandardCharsets.UTF_8);
    }

    /** {@code clamd.conf} and the local signature database. */
    void writeConfiguration() {
        String config = """
                # generated by devstack (ClamdServer); Debian's /etc/clamav/clamd.conf is not used
                TCPSocket %d
                TCPAddr %s
                Foreground yes
                DatabaseDirectory %s
                TemporaryDirectory %s
                LogTime yes
                StreamMaxLength %d
                MaxFileSize %d
                MaxScanSize %d
                MaxThreads 2
                SelfCheck 0
                ConcurrentDatabaseReload no
                """.formatted(settings.port(), settings.host(), settings.databaseDir().toAbsolutePath().normalize(),
                settings.tempDir().toAbsolutePath().normalize(), ClamdSettings.MAX_STREAM_BYTES,
                ClamdSettings.MAX_STREAM_BYTES, 4 * ClamdSettings.MAX_STREAM_BYTES);
        try {
            Files.createDirectories(settings.confDir());
            Files.createDirectories(settings.databaseDir());
            Files.createDirectories(settings.tempDir());
            Files.writeString(settings.databaseDir().resolve(DATABASE_FILE), EICAR_NDB + "\n");
            Files.writeString(settings.configFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a command line is a clamd started with {@code settings}' configuration (a leftover of ours). */
    public static boolean runsWith(List<String> arguments, ClamdSettings settings) {
        if (arguments.isEmpty()) {
            return false;
        }
        String executable = arguments.getFirst();
        return executable.substring(executable.lastIndexOf('/') + 1).equals("clamd")
                && arguments.contains(settings.configArgument());
    }
}
