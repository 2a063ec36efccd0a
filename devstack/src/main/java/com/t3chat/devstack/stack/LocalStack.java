package com.t3chat.devstack.stack;

import com.t3chat.devstack.clamd.ClamdServer;
import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.kafka.KafkaBroker;
import com.t3chat.devstack.kafka.KafkaSettings;
import com.t3chat.devstack.keycloak.KeycloakServer;
import com.t3chat.devstack.keycloak.KeycloakSettings;
import com.t3chat.devstack.keycloak.KeycloakTokens;
import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.mail.SmtpSink;
import com.t3chat.devstack.postgres.DatabaseProvisioner;
import com.t3chat.devstack.postgres.PostgresServer;
import com.t3chat.devstack.postgres.PostgresSettings;
import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.PidFile;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.process.StartupFailure;
import com.t3chat.devstack.s3.S3ProxyServer;
import com.t3chat.devstack.s3.S3Settings;
import com.t3chat.devstack.service.ConfigPasswordFile;
import com.t3chat.devstack.service.ServiceCatalog;
import com.t3chat.devstack.service.ServiceDefinition;
import com.t3chat.devstack.service.ServiceLauncher;
import com.t3chat.devstack.service.VaultKeyFile;
import com.t3chat.devstack.test.ProviderSimulator;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole system running locally: PostgreSQL and an SMTP sink for Keycloak's mails (in this JVM), Kafka, S3Proxy,
 * Keycloak and — when Debian's clamav-daemon is installed — clamd (child processes), then every service jar as its
 * own JVM. This is what {@code ./dev up} runs; system tests use it directly:
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(StackOptions.defaults().withDataDir(tempDir))) {
 *     String token = stack.accessToken("alice");
 *     ... stack.gatewayUrl() ...
 *     stack.restart("chat-service");   // after changing config-repo
 * }
 * }</pre>
 *
 * Ports are the fixed local-mode ports, so one stack runs at a time on a machine; all but the gateway's and Keycloak's
 * sign-in port listen on loopback only. A part that dies while the stack runs is started again with backoff
 * ({@link Supervisor}, {@link RestartBackoff}); PostgreSQL, which runs inside this JVM, is not.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Duration INFRA_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration KEYCLOAK_TIMEOUT = Duration.ofSeconds(300);
    private static final int PARALLEL_SERVICE_STARTS = 2;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final StackOptions options;
    private final StackLayout layout;
    private final ServiceLauncher launcher;
    private final KafkaBroker kafka;
    private final S3ProxyServer s3;
    private final KeycloakServer keycloak;
    /** Null when clamd is not installed: embedding-worker then runs without the scan stage (reported as skipped). */
    private final ClamdServer clamd;
    private final Map<String, ChildProcess> services = new ConcurrentHashMap<>();
    private final Map<String, Duration> readyAfter = new ConcurrentHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "devstack-start");
        thread.setDaemon(true);
        return thread;
    });
    private final Supervisor supervisor;
    private final Object lifecycle = new Object();
    private final Thread shutdownHook = new Thread(this::close, "devstack-shutdown");
    private volatile PostgresServer postgres;
    private ProviderSimulator simulator;
    private volatile SmtpSink mail;
    private volatile boolean closing;
    /** Set once no other supervisor runs on the data folder: only then may close() stop what the pid files name. */
    private volatile boolean ownsDataDir;
    private boolean closed;
    private long startedAt;

    private LocalStack(StackOptions options) {
        this.options = options;
        this.layout = options.layout();
        this.launcher = new ServiceLauncher(layout, options.environment(), options.jvmProfile(),
                options.extraProfiles());
        this.supervisor = new Supervisor(options.restartBackoff(), new RestartCounts(layout), this::log);
        if (!options.environment().containsKey(ConfigPasswordFile.ENV) && System.getenv(ConfigPasswordFile.ENV) == null) {
            // config-server requires it; every service presents it
            Map<String, String> configPassword = Map.of(ConfigPasswordFile.ENV, ConfigPasswordFile.ensure(layout.confDir()));
            ServiceCatalog.services().forEach(service -> launcher.addEnvironment(service.name(), configPassword));
        }
        if (!options.environment().containsKey(VaultKeyFile.ENV) && System.getenv(VaultKeyFile.ENV) == null) {
            launcher.addEnvironment(ServiceCatalog.LLM, Map.of(VaultKeyFile.ENV, VaultKeyFile.ensure(layout.confDir())));
        }
        if (options.simulatorUrl() != null) {
            // a simulator in its own process (./dev bench): its CPU and memory are not this JVM's
            useSimulator(options.simulatorUrl());
        } else if (options.providerSimulator()) {
            // in this JVM, stopped with it; llm-service's "simulator" profile lists scripted models
            simulator = ProviderSimulator.start();
            useSimulator(simulator.rootUrl());
        }
        this.kafka = new KafkaBroker(new KafkaSettings(layout.kafkaDir(), layout.confDir(), LocalPorts.KAFKA,
                LocalPorts.KAFKA_CONTROLLER, layout.logFile(ServiceCatalog.KAFKA), layout.pidFile(ServiceCatalog.KAFKA),
                384, 0), options.jvmProfile());
        this.s3 = new S3ProxyServer(new S3Settings(layout.s3Dir(), layout.confDir(), LocalPorts.S3,
                S3Settings.LOCAL_ACCESS_KEY, S3Settings.LOCAL_SECRET_KEY, layout.logFile(ServiceCatalog.S3),
                layout.pidFile(ServiceCatalog.S3), 0));
        this.keycloak = new KeycloakServer(new KeycloakSettings(layout.distCache(), layout.keycloakDir(),
                LocalPorts.KEYCLOAK, LocalPorts.KEYCLOAK_MANAGEMENT,
                "jdbc:postgresql://localhost:" + LocalPorts.POSTGRES + "/keycloak", "keycloak", "keycloak",
                layout.logFile(ServiceCatalog.KEYCLOAK), layout.pidFile(ServiceCatalog.KEYCLOAK)));
        this.clamd = ClamdServer.installed()
                ? new ClamdServer(ClamdSettings.forStack(layout, ServiceCatalog.CLAMD)) : null;
        if (clamd != null) {
            launcher.useClamd(clamd.settings());
        }
    }

    /** llm-service's four providers point at the simulator at {@code rootUrl}, with its "simulator" profile. */
    private void useSimulator(String rootUrl) {
        String root = rootUrl.endsWith("/") ? rootUrl.substring(0, rootUrl.length() - 1) : rootUrl;
        launcher.addEnvironment(ServiceCatalog.LLM, Map.of("OPENAI_BASE_URL", root + "/v1",
                "OPENAI_API_KEY", "simulator", "ANTHROPIC_BASE_URL", root + "/v1",
                "ANTHROPIC_API_KEY", "simulator", "GEMINI_BASE_URL", root + "/v1beta",
                "GEMINI_API_KEY", "simulator", "OLLAMA_BASE_URL", root,
                "SPRING_PROFILES_ACTIVE", "local,simulator"));
    }

    /**
     * Starts everything and returns once every part is healthy. Stops what it started and throws
     * ({@link StartupFailure}, with the end of the failing part's log) if any part fails or times out.
     */
    public static LocalStack start(StackOptions options) {
        LocalStack stack = new LocalStack(options);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public StackLayout layout() {
        return layout;
    }

    public String gatewayUrl() {
        return "http://localhost:" + LocalPorts.GATEWAY;
    }

    public String keycloakUrl() {
        return keycloak.settings().baseUrl();
    }

    public String issuerUri() {
        return keycloak.settings().issuerUri();
    }

    /** {@code http://localhost:<port>} of a service. */
    public String serviceUrl(String service) {
        return service(service).baseUrl();
    }

    /** JDBC URL of one of the stack's databases (user and password = the database name). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + LocalPorts.POSTGRES + "/" + database;
    }

    /** A Keycloak access token for a local user whose password is its name (alice, bob, admin). */
    public String accessToken(String username) {
        return accessToken(username, username);
    }

    public String accessToken(String username, String password) {
        return KeycloakTokens.passwordGrant(issuerUri(), KeycloakTokens.CLI_CLIENT, username, password);
    }

    /** Services skipped because their jar was missing (only with skip-missing-jars). */
    public List<String> skippedServices() {
        return List.copyOf(skipped);
    }

    /** How long each part took from the start of {@code start} until it was healthy. */
    public Map<String, Duration> readyTimes() {
        return Map.copyOf(readyAfter);
    }

    /** The SMTP sink Keycloak sends to ({@code 127.0.0.1:}{@link LocalPorts#SMTP}); its mails are in {@code mail/}. */
    public SmtpSink mail() {
        SmtpSink sink = mail;
        if (sink == null) {
            throw new IllegalStateException("the SMTP sink is not running");
        }
        return sink;
    }

    /** Whether clamd runs with this stack (it does whenever Debian's clamav-daemon is installed). */
    public boolean clamdRunning() {
        return clamd != null;
    }

    public List<PartStatus> status() {
        return StackStatus.of(layout);
    }

    /**
     * Stops one service (SIGTERM, SIGKILL after 15 s) and starts it again, waiting until it is healthy, e.g. after
     * a system test changed its file in config-repo.
     */
    public void restart(String serviceName) {
        ServiceDefinition service = service(serviceName);
        synchronized (lifecycle) {
            if (closing) {
                throw new IllegalStateException("the stack is stopping");
            }
            supervisor.forget(serviceName);
            ChildProcess old = services.remove(serviceName);
            if (old != null) {
                log("restarting " + serviceName);
                old.stop(GRACE);
            }
        }
        long begin = System.nanoTime();
        ChildProcess process = startService(service, serviceName);
        supervisor.watch(serviceName, process, () -> startService(service, serviceName));
        log("%s ready again (%.1f s)".formatted(serviceName, (System.nanoTime() - begin) / 1e9));
    }

    /**
     * Starts one more replica of a service on {@code port} (part name {@code <service>-<port>}) and waits until it is
     * healthy; it stops with the stack. Answers its base URL.
     */
    public String startReplica(String serviceName, int port) {
        ServiceDefinition replica = service(serviceName).onPort(port);
        String part = serviceName + "-" + port;
        if (closing) {
            throw new IllegalStateException("the stack is stopping");
        }
        ChildProcess process = startService(replica, part);
        supervisor.watch(part, process, () -> startService(replica, part));
        log("%s ready".formatted(part));
        return replica.baseUrl();
    }

    private ServiceDefinition service(String name) {
        return ServiceCatalog.find(name).orElseThrow(() -> new IllegalArgumentException("unknown service " + name
                + "; known: " + ServiceCatalog.services().stream().map(ServiceDefinition::name).toList()));
    }

    private void startAll() {
        startedAt = System.nanoTime();
        layout.createDirectories();
        Leftovers.supervisor(layout).filter(p -> p.pid() != ProcessHandle.current().pid()).ifPresent(p -> {
            throw new StartupFailure("a stack is already running on " + layout.dataDir() + " (supervisor pid "
                    + p.pid() + ") — stop it with ./dev down");
        });
        ownsDataDir = true;
        Leftovers.clean(layout, this::log);
        if (options.writePidFile()) {
            PidFile.of(ProcessHandle.current(), "").writeTo(layout.pidFile(StackStatus.SUPERVISOR));
        }
        List<ServiceDefinition> selected = selectServices();
        checkPortsFree(selected);
        mail = SmtpSink.start(layout.mailDir(), LocalPorts.SMTP);
        log("mail (SMTP sink) on %s:%d, mails in %s".formatted(SmtpSink.HOST, LocalPorts.SMTP, layout.mailDir()));

        Set<String> names = new HashSet<>(List.of(ServiceCatalog.POSTGRES, ServiceCatalog.KAFKA, ServiceCatalog.S3,
                ServiceCatalog.KEYCLOAK));
        selected.forEach(s -> names.add(s.name()));
        if (clamd != null) {
            names.add(ServiceCatalog.CLAMD);
        } else {
            log("clamd is not installed: embedding-worker runs without the virus scan (reported as skipped); "
                    + "install " + ClamdServer.INSTALL_HINT);
        }
        List<DependencyScheduler.Task> tasks = new ArrayList<>();
        tasks.add(task(ServiceCatalog.POSTGRES, Set.of(), false, this::startPostgres));
        tasks.add(task(ServiceCatalog.KAFKA, Set.of(), false,
                () -> supervisor.watch(ServiceCatalog.KAFKA, startKafka(), this::startKafka)));
        tasks.add(task(ServiceCatalog.S3, Set.of(), false,
                () -> supervisor.watch(ServiceCatalog.S3, startS3(), this::startS3)));
        tasks.add(task(ServiceCatalog.KEYCLOAK, Set.of(ServiceCatalog.POSTGRES), false,
                () -> supervisor.watch(ServiceCatalog.KEYCLOAK, startKeycloak(), this::startKeycloak)));
        if (clamd != null) {
            tasks.add(task(ServiceCatalog.CLAMD, Set.of(), false,
                    () -> supervisor.watch(ServiceCatalog.CLAMD, startClamd(), this::startClamd)));
        }
        for (ServiceDefinition service : selected) {
            Set<String> dependencies = new HashSet<>(service.dependsOn());
            dependencies.retainAll(names);
            tasks.add(task(service.name(), dependencies, true, () -> supervisor.watch(service.name(),
                    startService(service, service.name()), () -> startService(service, service.name()))));
        }
        new DependencyScheduler(PARALLEL_SERVICE_STARTS, executor).run(tasks);
        log("all parts healthy after %.1f s".formatted((System.nanoTime() - startedAt) / 1e9));
    }

    private DependencyScheduler.Task task(String name, Set<String> dependsOn, boolean limited, Runnable action) {
        return new DependencyScheduler.Task(name, dependsOn, limited, () -> {
            if (closing) {
                throw new StartupFailure("stopping: " + name + " not started");
            }
            log("starting " + name);
            long begin = System.nanoTime();
            action.run();
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            readyAfter.put(name, Duration.ofNanos(System.nanoTime() - startedAt));
            log("%s ready (%.1f s)".formatted(name, took.toMillis() / 1000.0));
        });
    }

    private void startPostgres() {
        PostgresServer server = PostgresServer.start(new PostgresSettings(layout.postgresDir(), LocalPorts.POSTGRES,
                layout.distCache().resolve("postgres"), layout.logFile(ServiceCatalog.POSTGRES), true,
                options.durablePostgres()));
        postgres = server;
        server.postmasterPid().flatMap(ProcessHandle::of).ifPresent(p -> PidFile.of(p, layout.postgresDir().toString())
                .writeTo(layout.pidFile(ServiceCatalog.POSTGRES)));
        DatabaseProvisioner provisioner = new DatabaseProvisioner(server.adminDataSource());
        ServiceCatalog.DATABASES.forEach(provisioner::ensureOwnedDatabase);
    }

    /** Starts a service (or a replica, as {@code part}) and waits until it is healthy; stops it if it never is. */
    private ChildProcess startService(ServiceDefinition service, String part) {
        ChildProcess process;
        synchronized (lifecycle) {
            if (closing) {
                throw new StartupFailure("stopping: " + part + " not started");
            }
            process = launcher.launch(service, part);
            services.put(part, process);
        }
        try {
            ServiceLauncher.awaitReady(process, service, options.serviceTimeout());
            return process;
        } catch (RuntimeException e) {
            process.stop(GRACE);
            throw e;
        }
    }

    private ChildProcess startKafka() {
        return startInfrastructure(ServiceCatalog.KAFKA, () -> kafka.start(INFRA_TIMEOUT), kafka::stop,
                kafka::process);
    }

    private ChildProcess startS3() {
        return startInfrastructure(ServiceCatalog.S3, () -> s3.start(INFRA_TIMEOUT), s3::stop, s3::process);
    }

    private ChildProcess startClamd() {
        return startInfrastructure(ServiceCatalog.CLAMD, () -> clamd.start(INFRA_TIMEOUT), clamd::stop,
                clamd::process);
    }

    private ChildProcess startKeycloak() {
        return startInfrastructure(ServiceCatalog.KEYCLOAK, () -> keycloak.start(KEYCLOAK_TIMEOUT), keycloak::stop,
                keycloak::process);
    }

    private ChildProcess startInfrastructure(String part, Runnable start, Consumer<Duration> stop,
                                             Supplier<ChildProcess> process) {
        if (closing) {
            throw new StartupFailure("stopping: " + part + " not started");
        }
        try {
            start.run();
        } catch (RuntimeException e) {
            stop.accept(GRACE);
            throw e;
        }
        if (closing) {
            // close() may have stopped it before it was up: stop what start() launched afterwards
            stop.accept(GRACE);
            throw new StartupFailure("stopping: " + part + " not started");
        }
        return process.get();
    }

    private List<ServiceDefinition> selectServices() {
        List<ServiceDefinition> selected = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ServiceDefinition service : ServiceCatalog.services()) {
            if (!options.services().contains(service.name())) {
                continue;
            }
            if (Files.isRegularFile(layout.serviceJar(service.name()))) {
                selected.add(service);
            } else {
                missing.add(service.name());
            }
        }
        if (!missing.isEmpty()) {
            if (!options.skipMissingJars()) {
                throw new StartupFailure("missing service jars " + missing.stream()
                        .map(m -> layout.root().relativize(layout.serviceJar(m)).toString()).toList()
                        + ": build them with ./dev build (./mvnw -DskipTests install)");
            }
            for (String name : missing) {
                log("WARNING: SKIPPING " + name + " — " + layout.serviceJar(name) + " is missing (skipping missing "
                        + "jars is on: " + StackOptions.SKIP_MISSING_ENV + "=1)");
                skipped.add(name);
            }
        }
        return selected;
    }

    private void checkPortsFree(List<ServiceDefinition> selected) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(LocalPorts.POSTGRES, "postgres");
        ports.put(LocalPorts.KAFKA, "kafka");
        ports.put(LocalPorts.KAFKA_CONTROLLER, "kafka controller");
        ports.put(LocalPorts.S3, "s3");
        ports.put(LocalPorts.SMTP, "mail");
        if (clamd != null) {
            ports.put(LocalPorts.CLAMD, "clamd");
        }
        ports.put(LocalPorts.KEYCLOAK, "keycloak");
        ports.put(LocalPorts.KEYCLOAK_MANAGEMENT, "keycloak management");
        selected.forEach(s -> ports.put(s.port(), s.name()));
        List<String> busy = new ArrayList<>();
        ports.forEach((port, part) -> {
            if (!PortProbe.isFree(port)) {
                busy.add("port " + port + " (" + part + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new StartupFailure(String.join(", ", busy) + (busy.size() == 1 ? " is" : " are")
                    + " in use — is ./dev up already running? try ./dev down");
        }
    }

    /**
     * Stops everything in reverse order: gateway first, then the other services, then Keycloak, S3, Kafka and clamd,
     * PostgreSQL last; then removes the pid files. Safe to call more than once.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
        }
        if (!ownsDataDir) {
            // another supervisor runs on this data folder: its processes are not ours to stop
            supervisor.close();
            executor.shutdownNow();
            removeShutdownHook();
            return;
        }
        log("stopping");
        supervisor.close();
        executor.shutdownNow();
        ChildProcess gateway = services.remove(ServiceCatalog.GATEWAY);
        if (gateway != null) {
            gateway.stop(GRACE);
        }
        inParallel(services.values().stream().<Runnable>map(p -> () -> p.stop(GRACE)).toList());
        services.clear();
        List<Runnable> infrastructure = new ArrayList<>(List.of(() -> keycloak.stop(GRACE), () -> s3.stop(GRACE),
                () -> kafka.stop(GRACE)));
        if (clamd != null) {
            infrastructure.add(() -> clamd.stop(GRACE));
        }
        inParallel(infrastructure);
        try {
            executor.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PostgresServer server = postgres;
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                log("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        Leftovers.clean(layout, this::log);
        if (simulator != null) {
            simulator.close();
        }
        if (mail != null) {
            mail.close();
        }
        PidFile.read(layout.pidFile(StackStatus.SUPERVISOR))
                .filter(p -> p.pid() == ProcessHandle.current().pid())
                .ifPresent(p -> Leftovers.deleteQuietly(layout.pidFile(StackStatus.SUPERVISOR)));
        removeShutdownHook();
        log("stopped");
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private static void inParallel(List<Runnable> actions) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable action : actions) {
            Thread thread = new Thread(action, "devstack-stop");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void log(String message) {
        System.out.println("[devstack " + LocalTime.now().format(CLOCK) + "] " + message);
        System.out.flush();
    }
}
