package com.t3chat.devstack.stack;

import com.t3chat.devstack.infra.JvmProfile;
import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.service.ServiceCatalog;
import com.t3chat.devstack.service.ServiceDefinition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LocalStack#start(StackOptions)} starts.
 *
 * @param layout          repository and data folder
 * @param services        the services to start (the infrastructure always starts), in catalog order
 * @param skipMissingJars a service whose jar is missing is skipped with a warning instead of failing
 * @param environment     added to every service's environment (after the local-mode defaults)
 * @param serviceTimeout  how long one service may take to become healthy
 * @param writePidFile    record this JVM as the stack's supervisor in {@code run/devstack.pid}
 * @param restartBackoff  how long to wait before starting a crashed part again
 * @param durablePostgres PostgreSQL with fsync, synchronous_commit and full_page_writes on (the default: people's
 *                        local data survives a crash); false only for throw-away data such as system tests'
 * @param jvmProfile      the JVM options of every service and of the Kafka broker (default from {@code T3CHAT_JVM},
 *                        else fast start)
 * @param simulatorUrl    the root URL of a provider simulator running as its own process that llm-service's providers
 *                        point at (null: none, or the built-in one with {@code T3CHAT_DEV_SIMULATOR=1})
 * @param extraProfiles   Spring profiles every service gets after its own (e.g. {@code bench})
 */
public record StackOptions(StackLayout layout, List<String> services, boolean skipMissingJars,
                           Map<String, String> environment, Duration serviceTimeout, boolean writePidFile,
                           RestartBackoff restartBackoff, boolean durablePostgres, JvmProfile jvmProfile,
                           String simulatorUrl, List<String> extraProfiles) {

    public static final String SKIP_MISSING_PROPERTY = "t3chat.dev.skipMissing";
    public static final String SKIP_MISSING_ENV = "T3CHAT_DEV_SKIP_MISSING";
    /** With {@code T3CHAT_DEV_SIMULATOR=1}, llm-service's OpenAI-compatible provider is the provider simulator. */
    public static final String SIMULATOR_ENV = "T3CHAT_DEV_SIMULATOR";

    public StackOptions {
        services = List.copyOf(services);
        environment = Map.copyOf(environment);
        extraProfiles = List.copyOf(extraProfiles);
        if (jvmProfile == null) {
            throw new IllegalArgumentException("a JVM profile is needed");
        }
        for (String service : services) {
            if (ServiceCatalog.find(service).isEmpty()) {
                throw new IllegalArgumentException("unknown service " + service);
            }
        }
    }

    /** Everything, on the discovered layout; missing jars skipped only if T3CHAT_DEV_SKIP_MISSING=1. */
    public static StackOptions defaults() {
        String skip = System.getProperty(SKIP_MISSING_PROPERTY, System.getenv(SKIP_MISSING_ENV));
        boolean skipMissing = skip != null && (skip.equals("1") || skip.equalsIgnoreCase("true"));
        return new StackOptions(StackLayout.discover(),
                ServiceCatalog.services().stream().map(ServiceDefinition::name).toList(), skipMissing, Map.of(),
                Duration.ofSeconds(180), true, RestartBackoff.DEFAULT, true, JvmProfile.fromEnvironment(), null, List.of());
    }

    /** Same stack on another data folder (the distribution cache stays under the repository). */
    public StackOptions withDataDir(Path dataDir) {
        StackLayout moved = StackLayout.of(layout.root(), dataDir).withConfigRepo(layout.configRepo());
        return new StackOptions(moved, services, skipMissingJars, environment, serviceTimeout, writePidFile, restartBackoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    /** Same stack with config-server serving another folder, e.g. a copy of config-repo a test changes. */
    public StackOptions withConfigRepo(Path folder) {
        return new StackOptions(layout.withConfigRepo(folder), services, skipMissingJars, environment, serviceTimeout,
                writePidFile, restartBackoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    public StackOptions withServices(String... names) {
        return new StackOptions(layout, List.of(names), skipMissingJars, environment, serviceTimeout, writePidFile, restartBackoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    /** Infrastructure only: PostgreSQL, Kafka, S3, Keycloak. */
    public StackOptions withoutServices() {
        return withServices();
    }

    public StackOptions withSkipMissingJars(boolean skip) {
        return new StackOptions(layout, services, skip, environment, serviceTimeout, writePidFile, restartBackoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    public StackOptions withEnvironment(String name, String value) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(name, value);
        return new StackOptions(layout, services, skipMissingJars, env, serviceTimeout, writePidFile, restartBackoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    public StackOptions withServiceTimeout(Duration timeout) {
        return new StackOptions(layout, services, skipMissingJars, environment, timeout, writePidFile, restartBackoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    /** Whether llm-service talks to the built-in provider simulator (T3CHAT_DEV_SIMULATOR=1). */
    public boolean providerSimulator() {
        String value = environment.getOrDefault(SIMULATOR_ENV, System.getenv(SIMULATOR_ENV));
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** Same stack with PostgreSQL fast and unsafe (fsync off) when false: only for data that is thrown away. */
    public StackOptions withDurablePostgres(boolean durable) {
        return new StackOptions(layout, services, skipMissingJars, environment, serviceTimeout, writePidFile,
                restartBackoff, durable, jvmProfile, simulatorUrl, extraProfiles);
    }

    public StackOptions withPidFile(boolean write) {
        return new StackOptions(layout, services, skipMissingJars, environment, serviceTimeout, write, restartBackoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    public StackOptions withRestartBackoff(RestartBackoff backoff) {
        return new StackOptions(layout, services, skipMissingJars, environment, serviceTimeout, writePidFile, backoff, durablePostgres, jvmProfile, simulatorUrl, extraProfiles);
    }

    /** Same stack with services and Kafka run with another JVM profile. */
    public StackOptions withJvmProfile(JvmProfile profile) {
        return new StackOptions(layout, services, skipMissingJars, environment, serviceTimeout, writePidFile,
                restartBackoff, durablePostgres, profile, simulatorUrl, extraProfiles);
    }

    /** llm-service's providers point at the provider simulator at {@code rootUrl} (e.g. {@code http://127.0.0.1:18090}). */
    public StackOptions withSimulatorUrl(String rootUrl) {
        return new StackOptions(layout, services, skipMissingJars, environment, serviceTimeout, writePidFile,
                restartBackoff, durablePostgres, jvmProfile, rootUrl, extraProfiles);
    }

    /** Every service (not config-server) also runs with these Spring profiles, after its own. */
    public StackOptions withExtraProfiles(String... profiles) {
        return new StackOptions(layout, services, skipMissingJars, environment, serviceTimeout, writePidFile,
                restartBackoff, durablePostgres, jvmProfile, simulatorUrl, List.of(profiles));
    }
}
