package com.t3chat.devstack.keycloak;

import com.t3chat.devstack.infra.JavaRuntime;
import com.t3chat.devstack.layout.LocalPorts;
import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.HttpProbe;
import com.t3chat.devstack.process.LaunchSpec;
import com.t3chat.devstack.process.StackMarker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from its distribution: {@code kc.sh start-dev} on our PostgreSQL, importing the t3chat realm when the
 * database does not have it yet (an existing realm is never re-imported: wipe the keycloak database to reset it).
 */
public final class KeycloakServer {

    public static final String REALM_RESOURCE = "keycloak/t3chat-realm.json";
    /** Where the sign-in port listens: every IPv4 interface (Keycloak's production default). */
    static final String PUBLIC_HOST = "0.0.0.0";

    private final KeycloakSettings settings;
    private volatile ChildProcess process;

    public KeycloakServer(KeycloakSettings settings) {
        this.settings = settings;
    }

    public KeycloakSettings settings() {
        return settings;
    }

    public synchronized void start(Duration timeout) {
        Path home = KeycloakDistribution.ensureUnpacked(settings.distCache());
        copyRealm(home);
        Path kcSh = home.resolve("bin").resolve("kc.sh");
        Path tmp = settings.workDir().resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = ChildProcess.launch(new LaunchSpec("keycloak", command(kcSh), environment(tmp), settings.workDir(),
                settings.logFile(), settings.pidFile(), home.resolve("bin").toString()));
        process.awaitReady(() -> HttpProbe.status(settings.readinessUrl()) == 200, timeout);
    }

    /**
     * {@code kc.sh start-dev …}: the public HTTP port on every IPv4 interface (people sign in there; start-dev alone
     * binds it to localhost), the management port (health) on loopback only.
     */
    List<String> command(Path kcSh) {
        return List.of(kcSh.toString(), "start-dev",
                "--http-host=" + PUBLIC_HOST,
                "--http-port=" + settings.httpPort(),
                "--http-management-port=" + settings.managementPort(),
                "--http-management-host=" + LocalPorts.LOOPBACK,
                "--health-enabled=true",
                "--import-realm",
                "--db=postgres",
                "--db-url=" + settings.jdbcUrl(),
                "--db-username=" + settings.dbUser(),
                "--db-password=" + settings.dbPassword());
    }

    Map<String, String> environment(Path tmp) {
        return Map.of(
                "JAVA_HOME", JavaRuntime.home().toString(),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx448m",
                // kc.sh runs java in the background, or exec's it after a re-augmentation: both command lines
                // contain <home>/bin, the marker recorded in the pid file; the java also carries the stack's marker
                "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1 -Djava.io.tmpdir=" + tmp + " "
                        + StackMarker.argument(settings.workDir().toAbsolutePath().normalize().getParent()),
                "KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakSettings.ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakSettings.ADMIN_PASSWORD);
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

    private static void copyRealm(Path home) {
        Path importDir = home.resolve("data").resolve("import");
        try (InputStream realm = KeycloakServer.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the classpath");
            }
            Files.createDirectories(importDir);
            Files.copy(realm, importDir.resolve("t3chat-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
