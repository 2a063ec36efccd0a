package com.t3chat.devstack.kafka;

import com.t3chat.devstack.infra.InfraArtifacts;
import com.t3chat.devstack.infra.InfraLogging;
import com.t3chat.devstack.infra.JvmCommand;
import com.t3chat.devstack.infra.JvmProfile;
import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.LaunchSpec;
import com.t3chat.devstack.process.LogTail;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.process.ProcessTerminator;
import com.t3chat.devstack.process.StackMarker;
import com.t3chat.devstack.process.StartupFailure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A Kafka 4.4 KRaft broker (combined broker and controller) in its own JVM. */
public final class KafkaBroker {

    private static final String STARTED_LINE = "Kafka Server started";

    private final KafkaSettings settings;
    private final JvmProfile profile;
    private volatile ChildProcess process;

    public KafkaBroker(KafkaSettings settings) {
        this(settings, JvmProfile.FAST_START);
    }

    /** A broker whose JVM runs with {@code profile}'s options (its heap limit {@link KafkaSettings#maxHeapMb()}). */
    public KafkaBroker(KafkaSettings settings, JvmProfile profile) {
        this.settings = settings;
        this.profile = profile;
    }

    public KafkaSettings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    /** Formats the storage on first use, starts the broker and waits until it serves clients. */
    public synchronized void start(Duration timeout) {
        if (process != null && process.isAlive()) {
            return;
        }
        String logOption = InfraLogging.writeConfig(settings.confDir());
        writeServerProperties();
        String classpath = InfraArtifacts.infraClasspath();
        List<String> jvm = jvmOptions(logOption);
        if (!Files.exists(settings.dataDir().resolve("meta.properties"))) {
            format(jvm, classpath);
        }
        long offset = LogTail.size(settings.logFile());
        String config = settings.serverProperties().toString();
        process = ChildProcess.launch(new LaunchSpec("kafka",
                JvmCommand.of(jvm, classpath, "kafka.Kafka", List.of(config), settings.watchParentPid()),
                profile.environment(), settings.dataDir().getParent(), settings.logFile(), settings.pidFile(), config));
        process.awaitReady(() -> LogTail.containsAfter(settings.logFile(), offset, STARTED_LINE)
                && PortProbe.isListening(settings.port()), timeout);
    }

    /** The broker JVM's options: fast start keeps a 32 MiB initial heap; any other profile its own list. */
    List<String> jvmOptions(String logOption) {
        List<String> jvm = new ArrayList<>();
        if (profile == JvmProfile.FAST_START) {
            jvm.addAll(List.of("-Xms32m", "-Xmx" + settings.maxHeapMb() + "m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
        } else {
            jvm.addAll(profile.options(settings.maxHeapMb()));
        }
        jvm.add("-Djava.awt.headless=true");
        jvm.add(logOption);
        jvm.add(StackMarker.argument(settings.stackDir()));
        return List.copyOf(jvm);
    }

    /** Controlled shutdown (SIGTERM), SIGKILL after {@code grace}. The data stays. */
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

    /** The broker's configuration: both listeners on loopback only (clients reach it as localhost). */
    void writeServerProperties() {
        String properties = """
                process.roles=broker,controller
                node.id=1
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                controller.quorum.bootstrap.servers=localhost:%2$d
                log.dirs=%3$s
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                auto.create.topics.enable=true
                offsets.topic.num.partitions=1
                offsets.topic.replication.factor=1
                transaction.state.log.num.partitions=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.num.partitions=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                num.network.threads=2
                num.io.threads=2
                num.recovery.threads.per.data.dir=1
                log.retention.hours=168
                """.formatted(settings.port(), settings.controllerPort(), settings.dataDir());
        try {
            Files.createDirectories(settings.confDir());
            Files.createDirectories(settings.dataDir());
            Files.writeString(settings.serverProperties(), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kafka-storage.sh format --standalone} with a fresh cluster id. */
    private void format(List<String> jvm, String classpath) {
        List<String> command = JvmCommand.of(jvm, classpath, "kafka.tools.StorageTool",
                List.of("format", "-t", newClusterId(), "-c", settings.serverProperties().toString(), "--standalone"), 0);
        try {
            Files.createDirectories(settings.logFile().getParent());
            Process format = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                    .start();
            if (!format.waitFor(120, TimeUnit.SECONDS)) {
                ProcessTerminator.terminate(format.toHandle(), Duration.ofSeconds(5));
                throw new StartupFailure("formatting Kafka's storage took more than 120 s");
            }
            if (format.exitValue() != 0) {
                throw new StartupFailure("formatting Kafka's storage failed (exit " + format.exitValue() + "):\n"
                        + LogTail.lastLines(settings.logFile(), 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupFailure("interrupted while formatting Kafka's storage");
        }
    }

    /** A cluster id in Kafka's format (what {@code StorageTool random-uuid} prints): 16 random bytes, base64url. */
    static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
