package com.t3chat.devstack.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JVM options (and process environment) a service or the Kafka broker runs with.
 * <ul>
 * <li>{@link #FAST_START}: what {@code ./dev up} uses: the serial collector and C1 only, a small heap: services start
 * fast and stay small on a laptop, at the cost of throughput under load.</li>
 * <li>{@link #PRODUCTION}: G1 with heap uncommit, a bounded malloc arena count: the list in
 * {@code devstack/src/main/resources/jvm/production.options}, which docker-compose and Kubernetes use too;
 * {@code ./dev bench} measures with it.</li>
 * </ul>
 * Chosen by {@code StackOptions.withJvmProfile} or the environment variable {@value #ENV} ({@code production} or
 * {@code fast-start}, the default).
 */
public enum JvmProfile {

    FAST_START(List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "--enable-native-access=ALL-UNNAMED"), Map.of()),
    PRODUCTION("/jvm/production.options");

    /** {@code T3CHAT_JVM=production} selects {@link #PRODUCTION}. */
    public static final String ENV = "T3CHAT_JVM";

    private final List<String> options;
    private final Map<String, String> environment;

    JvmProfile(List<String> options, Map<String, String> environment) {
        this.options = List.copyOf(options);
        this.environment = Map.copyOf(environment);
    }

    JvmProfile(String resource) {
        List<String> jvm = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines(resource)) {
            if (line.startsWith("-")) {
                jvm.add(line);
            } else if (line.contains("=")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            } else {
                throw new IllegalStateException(resource + ": neither an option nor NAME=value: " + line);
            }
        }
        this.options = List.copyOf(jvm);
        this.environment = Map.copyOf(env);
    }

    /** The JVM options of a service. */
    public List<String> options() {
        return options;
    }

    /** The JVM options with the heap limit replaced (a part with its own heap, e.g. the Kafka broker). */
    public List<String> options(int maxHeapMb) {
        List<String> replaced = new ArrayList<>();
        for (String option : options) {
            if (option.startsWith("-Xms")) {
                // never an initial heap above the limit
                int initial = Integer.parseInt(option.substring(4, option.length() - 1));
                replaced.add("-Xms" + Math.min(initial, maxHeapMb) + "m");
            } else {
                replaced.add(option.startsWith("-Xmx") ? "-Xmx" + maxHeapMb + "m" : option);
            }
        }
        return List.copyOf(replaced);
    }

    /** The environment the process gets besides its own (e.g. {@code MALLOC_ARENA_MAX}). */
    public Map<String, String> environment() {
        return environment;
    }

    /** {@code production} / {@code fast-start} (any case, {@code _} or {@code -}). */
    public static JvmProfile parse(String name) {
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (JvmProfile profile : values()) {
            if (profile.name().equals(normalized)) {
                return profile;
            }
        }
        throw new IllegalArgumentException(ENV + "=" + name + " is not a JVM profile (production, fast-start)");
    }

    /** {@value #ENV} when set, else {@link #FAST_START}. */
    public static JvmProfile fromEnvironment() {
        String value = System.getenv(ENV);
        return value == null || value.isBlank() ? FAST_START : parse(value);
    }

    private static List<String> lines(String resource) {
        try (InputStream in = JvmProfile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
