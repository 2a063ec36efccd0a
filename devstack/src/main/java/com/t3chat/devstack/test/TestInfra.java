package com.t3chat.devstack.test;

import com.t3chat.devstack.clamd.ClamdServer;
import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.kafka.KafkaBroker;
import com.t3chat.devstack.kafka.KafkaSettings;
import com.t3chat.devstack.postgres.DatabaseProvisioner;
import com.t3chat.devstack.postgres.PostgresServer;
import com.t3chat.devstack.postgres.PostgresSettings;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.s3.S3ProxyServer;
import com.t3chat.devstack.s3.S3Settings;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Real infrastructure for integration tests, one per test JVM, each piece started when first asked for and all
 * stopped by a shutdown hook: PostgreSQL (embedded, random port, fresh data), a Kafka 4.4 broker and an S3Proxy
 * (child JVMs on random ports that exit if this JVM dies), a ClamAV daemon when Debian's {@code clamav-daemon} is
 * installed ({@link #clamd()}), and a {@link TestJwtIssuer}.
 *
 * <pre>{@code
 * @SpringBootTest
 * class ChatFlowIT {
 *     @DynamicPropertySource
 *     static void infra(DynamicPropertyRegistry registry) {
 *         TestInfra.register(registry, "chat");
 *     }
 *     ... TestInfra.shared().jwt().token("alice", "user") ...
 * }
 * }</pre>
 *
 * Files live in {@code <java.io.tmpdir>/t3chat-testinfra/<pid>-<start>/}; folders of test JVMs that died are
 * cleaned (and their processes stopped) the next time any test JVM starts its infrastructure. Logs go to
 * {@code target/testinfra-logs/} when the working directory has a {@code target} folder.
 */
public final class TestInfra {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final String USER = PostgresServer.SUPERUSER;

    private static TestInfra shared;

    private final Path dir;
    private final Path logs;
    private PostgresServer postgres;
    private DatabaseProvisioner databases;
    private KafkaBroker kafka;
    private S3ProxyServer s3;
    private ClamdServer clamd;
    private TestJwtIssuer jwt;

    private TestInfra(Path dir, Path logs) {
        this.dir = dir;
        this.logs = logs;
    }

    /** The test JVM's infrastructure (nothing is started until a method asks for it). */
    public static synchronized TestInfra shared() {
        if (shared == null) {
            Path base = TestInfraDirectories.base();
            TestInfraDirectories.sweepStale(base);
            Path dir = TestInfraDirectories.createOwn(base);
            Path target = Path.of("target");
            Path logs = Files.isDirectory(target) ? target.resolve("testinfra-logs") : dir.resolve("logs");
            TestInfra infra = new TestInfra(dir, logs);
            Runtime.getRuntime().addShutdownHook(new Thread(infra::shutdown, "testinfra-shutdown"));
            shared = infra;
        }
        return shared;
    }

    // ---------------------------------------------------------------- PostgreSQL

    /** {@code jdbc:postgresql://localhost:<port>/<database>}, creating the database if it does not exist. */
    public String jdbcUrl(String database) {
        ensureDatabase(database);
        return "jdbc:postgresql://localhost:" + postgres().port() + "/" + database;
    }

    /** {@code r2dbc:postgresql://localhost:<port>/<database>}, creating the database if it does not exist. */
    public String r2dbcUrl(String database) {
        ensureDatabase(database);
        return "r2dbc:postgresql://localhost:" + postgres().port() + "/" + database;
    }

    /** The database user ({@code postgres}; the server trusts local connections). */
    public String databaseUser() {
        return USER;
    }

    /** The database password (empty: not checked). */
    public String databasePassword() {
        return "";
    }

    public synchronized int postgresPort() {
        return postgres().port();
    }

    /**
     * Stops PostgreSQL (fast shutdown: open connections are closed); its port and data stay for
     * {@link #startPostgres()}. For tests of a database outage.
     */
    public synchronized void stopPostgres() {
        postgres().stop();
    }

    /** Starts PostgreSQL again on the same port with the same data (after {@link #stopPostgres()}). */
    public synchronized void startPostgres() {
        postgres().startAgain();
    }

    /**
     * An outage of one database, as its service sees one: its open connections are closed and new ones refused
     * (PostgreSQL keeps running for every other database) until {@link #restoreDatabase(String)}.
     */
    public synchronized void cutOffDatabase(String database) {
        adminSql("alter database \"" + database + "\" allow_connections false",
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database.replace("'", "''")
                        + "' and pid <> pg_backend_pid()");
    }

    /** Ends {@link #cutOffDatabase(String)}: the database accepts connections again. */
    public synchronized void restoreDatabase(String database) {
        adminSql("alter database \"" + database + "\" allow_connections true");
    }

    private void adminSql(String... statements) {
        try (var connection = postgres().adminDataSource().getConnection();
                var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + e.getMessage(), e);
        }
    }

    private synchronized void ensureDatabase(String database) {
        postgres();
        databases.ensureDatabase(database);
    }

    private synchronized PostgresServer postgres() {
        if (postgres == null) {
            // fast and unsafe (fsync off): test data is thrown away anyway
            postgres = PostgresServer.start(new PostgresSettings(dir.resolve("postgres"), 0,
                    TestInfraDirectories.base().resolve("pg-bin"), logs.resolve("postgres.log"), false, false));
            databases = new DatabaseProvisioner(postgres.adminDataSource());
        }
        return postgres;
    }

    // ---------------------------------------------------------------- Kafka

    /** {@code localhost:<port>} of the broker (started on first call). */
    public synchronized String kafkaBootstrapServers() {
        return kafka(true).bootstrapServers();
    }

    /** Stops the broker (controlled shutdown); its port and data stay reserved for {@link #startKafka()}. */
    public synchronized void stopKafka() {
        kafka(false).stop(STOP_GRACE);
    }

    /** Starts the broker again on the same port with the same data (after {@link #stopKafka()}). */
    public synchronized void startKafka() {
        kafka(true);
    }

    private synchronized KafkaBroker kafka(boolean running) {
        if (kafka == null) {
            kafka = new KafkaBroker(new KafkaSettings(dir.resolve("kafka"), dir.resolve("conf"), PortProbe.freePort(),
                    PortProbe.freePort(), logs.resolve("kafka.log"), dir.resolve("run").resolve("kafka.pid"), 384,
                    ProcessHandle.current().pid()));
        }
        if (running && (kafka.process() == null || !kafka.process().isAlive())) {
            kafka.start(START_TIMEOUT);
        }
        return kafka;
    }

    // ---------------------------------------------------------------- object store

    /** {@code http://localhost:<port>} of the S3-compatible store (path-style; started on first call). */
    public synchronized String s3Endpoint() {
        return s3().settings().endpoint();
    }

    public String s3AccessKey() {
        return S3Settings.LOCAL_ACCESS_KEY;
    }

    public String s3SecretKey() {
        return S3Settings.LOCAL_SECRET_KEY;
    }

    private synchronized S3ProxyServer s3() {
        if (s3 == null) {
            s3 = new S3ProxyServer(new S3Settings(dir.resolve("s3"), dir.resolve("conf"), PortProbe.freePort(),
                    S3Settings.LOCAL_ACCESS_KEY, S3Settings.LOCAL_SECRET_KEY, logs.resolve("s3.log"),
                    dir.resolve("run").resolve("s3.pid"), ProcessHandle.current().pid()));
            s3.start(START_TIMEOUT);
        }
        return s3;
    }

    // ---------------------------------------------------------------- virus scanner

    /**
     * A running clamd (started on first call) on {@code 127.0.0.1} and a random port, whose only signature detects
     * the EICAR test file as {@link ClamdServer#EICAR_SIGNATURE}; {@code StreamMaxLength} is
     * {@link ClamdSettings#MAX_STREAM_BYTES}. Skips the calling test ({@link #assumeClamd()}) when clamd is not
     * installed. A clamd left by a killed test JVM is stopped by the next one (its pid file).
     */
    public synchronized ClamdSettings clamd() {
        assumeClamd();
        if (clamd == null) {
            clamd = new ClamdServer(new ClamdSettings(dir.resolve("clamd"), dir.resolve("conf"), PortProbe.freePort(),
                    logs.resolve("clamd.log"), dir.resolve("run").resolve("clamd.pid")));
        }
        if (clamd.process() == null || !clamd.process().isAlive()) {
            clamd.start(START_TIMEOUT);
        }
        return clamd.settings();
    }

    /** The host of {@link #clamd()}: {@code 127.0.0.1}. */
    public String clamdHost() {
        return clamd().host();
    }

    /** The port of {@link #clamd()}. */
    public int clamdPort() {
        return clamd().port();
    }

    /** Whether Debian's clamd is installed on this machine ({@code ./dev test} installs it when run as root). */
    public static boolean clamdInstalled() {
        return ClamdServer.installed();
    }

    /**
     * A JUnit assumption: the calling test (or class, from {@code @BeforeAll}) is skipped, saying what to install,
     * when clamd is not installed.
     */
    public static void assumeClamd() {
        Assumptions.assumeTrue(clamdInstalled(), () -> "clamd is not installed: install " + ClamdServer.INSTALL_HINT);
    }

    // ---------------------------------------------------------------- JWT

    /** The test token issuer (its JWKS and OpenID configuration are served over HTTP). */
    public synchronized TestJwtIssuer jwt() {
        if (jwt == null) {
            jwt = TestJwtIssuer.start();
        }
        return jwt;
    }

    // ---------------------------------------------------------------- Spring

    /**
     * For {@code @DynamicPropertySource}: the service's database (R2DBC and Flyway), Kafka, the object store and
     * JWT validation against {@link #jwt()}; config-server off. Values are resolved lazily, so a piece starts only
     * if the application reads its property.
     */
    public static void register(DynamicPropertyRegistry registry, String database) {
        registerCommon(registry);
        registry.add("spring.r2dbc.url", () -> shared().r2dbcUrl(database));
        registry.add("spring.r2dbc.username", () -> shared().databaseUser());
        registry.add("spring.r2dbc.password", () -> shared().databasePassword());
        registry.add("spring.flyway.url", () -> shared().jdbcUrl(database));
        registry.add("spring.flyway.user", () -> shared().databaseUser());
        registry.add("spring.flyway.password", () -> shared().databasePassword());
        registry.add("spring.kafka.bootstrap-servers", () -> shared().kafkaBootstrapServers());
        registry.add("t3chat.object-store.endpoint", () -> shared().s3Endpoint());
        registry.add("t3chat.object-store.access-key", () -> shared().s3AccessKey());
        registry.add("t3chat.object-store.secret-key", () -> shared().s3SecretKey());
    }

    /** For services without a database: config-server off and JWT validation against {@link #jwt()} only. */
    public static void registerWithoutDatabase(DynamicPropertyRegistry registry) {
        registerCommon(registry);
    }

    private static void registerCommon(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.enabled", () -> "false");
        registry.add("spring.config.import", () -> "");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> shared().jwt().issuerUri());
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> shared().jwt().jwkSetUri());
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> TestJwtIssuer.AUDIENCE);
    }

    // ---------------------------------------------------------------- shutdown

    private synchronized void shutdown() {
        Thread kafkaStop = new Thread(() -> {
            if (kafka != null) {
                kafka.stop(STOP_GRACE);
            }
        });
        Thread s3Stop = new Thread(() -> {
            if (s3 != null) {
                s3.stop(STOP_GRACE);
            }
        });
        Thread clamdStop = new Thread(() -> {
            if (clamd != null) {
                clamd.stop(STOP_GRACE);
            }
        });
        kafkaStop.start();
        s3Stop.start();
        clamdStop.start();
        try {
            kafkaStop.join();
            s3Stop.join();
            clamdStop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (RuntimeException e) {
                System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        if (jwt != null) {
            jwt.close();
        }
        try {
            TestInfraDirectories.delete(dir);
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
