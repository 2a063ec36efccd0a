package com.t3chat.devstack.clamd;

import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.layout.StackLayout;

import java.nio.file.Path;

/**
 * One ClamAV daemon of ours (never Debian's system service): TCP on {@link #HOST} only, in the foreground, with its
 * own configuration and signature database.
 *
 * @param dir     its folder: {@code db/} (the signature database)
 * @param confDir where its generated {@code clamd.conf} goes
 * @param port    its TCP port
 * @param logFile its output
 * @param pidFile where its pid is recorded (null: not recorded)
 */
public record ClamdSettings(Path dir, Path confDir, int port, Path logFile, Path pidFile) {

    /** clamd listens on loopback only. */
    public static final String HOST = "127.0.0.1";

    /**
     * The largest stream clamd accepts through INSTREAM ({@code StreamMaxLength}) and scans whole
     * ({@code MaxFileSize}): the 25 MB upload limit ({@code t3chat.attachments.max-file-size}) plus margin.
     */
    public static final long MAX_STREAM_BYTES = 32L * 1024 * 1024;

    /** The local stack's clamd: {@code clamd/} and {@code conf/clamd.conf} of its data folder, port 3310. */
    public static ClamdSettings forStack(StackLayout layout, String part) {
        return new ClamdSettings(layout.clamdDir(), layout.confDir(), LocalPorts.CLAMD, layout.logFile(part),
                layout.pidFile(part));
    }

    public String host() {
        return HOST;
    }

    public Path databaseDir() {
        return dir.resolve("db");
    }

    /**
     * Where clamd writes a stream while it scans it: under the system's temporary folder, because Debian's AppArmor
     * profile for clamd lets it write there and only read a home folder — {@code dir/tmp} when {@code dir} is there
     * already (tests), else {@code <tmp>/t3chat-clamd-<user>-<port>}.
     */
    public Path tempDir() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Path own = dir.toAbsolutePath().normalize();
        return own.startsWith(tmp) ? own.resolve("tmp")
                : tmp.resolve("t3chat-clamd-" + System.getProperty("user.name", "user") + "-" + port);
    }

    public Path configFile() {
        return confDir.resolve("clamd.conf");
    }

    /** The argument that names our configuration; also how a leftover clamd of this folder is recognised. */
    public String configArgument() {
        return "--config-file=" + configFile().toAbsolutePath().normalize();
    }
}
