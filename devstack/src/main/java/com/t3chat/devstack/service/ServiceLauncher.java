package com.t3chat.devstack.service;

import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.infra.JavaRuntime;
import com.t3chat.devstack.infra.JvmProfile;
import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.HttpProbe;
import com.t3chat.devstack.process.LaunchSpec;
import com.t3chat.devstack.process.StackMarker;
import com.t3chat.devstack.s3.S3Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts a service jar as its own JVM, configured for local mode, and waits for its health endpoint. */
public final class ServiceLauncher {

    /** The fast-start options {@code ./dev up} runs services with ({@link JvmProfile#FAST_START}). */
    public static final List<String> JVM_OPTIONS = JvmProfile.FAST_START.options();

    private final StackLayout layout;
    private final Map<String, String> extraEnvironment;
    private final JvmProfile profile;
    private final List<String> extraProfiles;
    private final Map<String, Map<String, String>> serviceEnvironment = new java.util.concurrent.ConcurrentHashMap<>();

    public ServiceLauncher(StackLayout layout, Map<String, String> extraEnvironment) {
        this(layout, extraEnvironment, JvmProfile.FAST_START, List.of());
    }

    /**
     * @param profile       the JVM options every service runs with
     * @param extraProfiles Spring profiles every service (not config-server) gets after its own, e.g. {@code bench}
     */
    public ServiceLauncher(StackLayout layout, Map<String, String> extraEnvironment, JvmProfile profile,
                           List<String> extraProfiles) {
        this.layout = layout;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.profile = profile;
        this.extraProfiles = List.copyOf(extraProfiles);
    }

    /** Adds environment for one service only (applied last), e.g. llm-service pointed at a provider simulator. */
    public void addEnvironment(String service, Map<String, String> environment) {
        serviceEnvironment.merge(service, Map.copyOf(environment), (old, added) -> {
            Map<String, String> merged = new HashMap<>(old);
            merged.putAll(added);
            return Map.copyOf(merged);
        });
    }

    /** embedding-worker scans every file with this clamd (without CLAMD_HOST/CLAMD_PORT its scan stage is skipped). */
    public void useClamd(ClamdSettings clamd) {
        addEnvironment(ServiceCatalog.EMBEDDING, Map.of("CLAMD_HOST", clamd.host(),
                "CLAMD_PORT", Integer.toString(clamd.port())));
    }

    /** The environment every service gets in local mode (plus its own database credentials). */
    public Map<String, String> environmentFor(ServiceDefinition service) {
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("SERVER_PORT", Integer.toString(service.port()));
        if (!ServiceCatalog.GATEWAY.equals(service.name())) {
            // only the gateway is for people; every other port answers on this machine only
            env.put("SERVER_ADDRESS", LocalPorts.LOOPBACK);
        }
        env.put("CONFIG_SERVER_URL", "http://localhost:" + LocalPorts.CONFIG_SERVER);
        env.put("DB_HOST", "localhost");
        env.put("DB_PORT", Integer.toString(LocalPorts.POSTGRES));
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + LocalPorts.KAFKA);
        env.put("KEYCLOAK_ISSUER_URI", "http://localhost:" + LocalPorts.KEYCLOAK + "/realms/t3chat");
        env.put("KEYCLOAK_JWK_SET_URI",
                "http://localhost:" + LocalPorts.KEYCLOAK + "/realms/t3chat/protocol/openid-connect/certs");
        env.put("S3_ENDPOINT", "http://localhost:" + LocalPorts.S3);
        env.put("S3_ACCESS_KEY", S3Settings.LOCAL_ACCESS_KEY);
        env.put("S3_SECRET_KEY", S3Settings.LOCAL_SECRET_KEY);
        env.put("CONFIG_REPO", layout.configRepo().toString());
        if (ServiceCatalog.EMBEDDING.equals(service.name())) {
            // Tesseract: one thread per page (~0.9 s a page instead of ~5.5 s with OpenMP fighting over the cores)
            env.put("OMP_THREAD_LIMIT", "1");
        }
        if (ServiceCatalog.CONFIG_SERVER.equals(service.name())) {
            // config-server's own application.yml activates "native"; SPRING_PROFILES_ACTIVE would replace it
            env.put("SPRING_PROFILES_ACTIVE", "native,local");
            env.put("CONFIG_REPO_LOCATION", configRepoLocation());
        }
        service.databaseName().ifPresent(db -> {
            env.put("DB_USER", db);
            env.put("DB_PASSWORD", db);
        });
        env.putAll(profile.environment());
        env.putAll(extraEnvironment);
        env.putAll(serviceEnvironment.getOrDefault(service.name(), Map.of()));
        if (!extraProfiles.isEmpty() && !ServiceCatalog.CONFIG_SERVER.equals(service.name())) {
            env.put("SPRING_PROFILES_ACTIVE", env.get("SPRING_PROFILES_ACTIVE") + "," + String.join(",", extraProfiles));
        }
        return env;
    }

    public List<String> commandFor(ServiceDefinition service) {
        Path jar = layout.serviceJar(service.name());
        List<String> command = new ArrayList<>();
        command.add(JavaRuntime.javaExecutable());
        command.addAll(profile.options());
        command.add(StackMarker.argument(layout.dataDir()));
        command.add("-jar");
        command.add(jar.toString());
        if (ServiceCatalog.CONFIG_SERVER.equals(service.name())) {
            command.add("--spring.cloud.config.server.native.search-locations=" + configRepoLocation());
        }
        return command;
    }

    private String configRepoLocation() {
        return "file:" + layout.configRepo() + "/";
    }

    /** Starts the service's JVM (without waiting for it). */
    public ChildProcess launch(ServiceDefinition service) {
        return launch(service, service.name());
    }

    /** Starts the service's JVM as the part {@code part} (its own log and pid file), e.g. a second replica. */
    public ChildProcess launch(ServiceDefinition service, String part) {
        return ChildProcess.launch(new LaunchSpec(part, commandFor(service),
                environmentFor(service), layout.root(), layout.logFile(part),
                layout.pidFile(part), layout.serviceJar(service.name()).toString()));
    }

    /** Waits until the service's health endpoint answers 200. */
    public static void awaitReady(ChildProcess process, ServiceDefinition service, Duration timeout) {
        process.awaitReady(() -> HttpProbe.status(service.healthUrl()) == 200, timeout);
    }
}
