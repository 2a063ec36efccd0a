package com.t3chat.devstack.s3;

import com.t3chat.devstack.infra.InfraArtifacts;
import com.t3chat.devstack.infra.InfraLogging;
import com.t3chat.devstack.infra.JvmCommand;
import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.HttpProbe;
import com.t3chat.devstack.process.LaunchSpec;
import com.t3chat.devstack.process.StackMarker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An S3-compatible object store: S3Proxy with its filesystem backend, in its own JVM (AWS v2/v4 signatures). */
public final class S3ProxyServer {

    private final S3Settings settings;
    private volatile ChildProcess process;

    public S3ProxyServer(S3Settings settings) {
        this.settings = settings;
    }

    public S3Settings settings() {
        return settings;
    }

    public synchronized void start(Duration timeout) {
        if (process != null && process.isAlive()) {
            return;
        }
        String logOption = InfraLogging.writeConfig(settings.confDir());
        writeProperties();
        List<String> jvm = List.of("-Xms16m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED", logOption,
                StackMarker.argument(settings.stackDir()));
        String config = settings.properties().toString();
        process = ChildProcess.launch(new LaunchSpec("s3",
                JvmCommand.of(jvm, InfraArtifacts.infraClasspath(), "org.gaul.s3proxy.Main",
                        List.of("--properties", config), settings.watchParentPid()),
                Map.of(), settings.storageDir().getParent(), settings.logFile(), settings.pidFile(), config));
        // any HTTP answer (403 for an unsigned request) means the endpoint is up
        process.awaitReady(() -> HttpProbe.status("http://127.0.0.1:" + settings.port() + "/") > 0, timeout);
    }

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

    /** Its configuration: the endpoint listens on loopback only. */
    void writeProperties() {
        String properties = """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                s3proxy.cors-allow-all=true
                s3proxy.ignore-unknown-headers=true
                jclouds.provider=filesystem
                jclouds.identity=%s
                jclouds.credential=%s
                jclouds.filesystem.basedir=%s
                """.formatted(settings.port(), settings.accessKey(), settings.secretKey(), settings.accessKey(),
                settings.secretKey(), settings.storageDir());
        try {
            Files.createDirectories(settings.confDir());
            Files.createDirectories(settings.storageDir());
            Files.writeString(settings.properties(), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
