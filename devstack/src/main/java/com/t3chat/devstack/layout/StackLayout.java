package com.t3chat.devstack.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a local stack keeps its files.
 *
 * <ul>
 *   <li>{@code root}: the repository (the folder with {@code mvnw} and {@code config-repo})</li>
 *   <li>{@code dataDir}: everything a running stack writes: {@code postgres/}, {@code kafka/}, {@code s3/},
 *       {@code keycloak/}, {@code clamd/} (its signature database), {@code mail/} (what the SMTP sink received, one {@code .eml} per mail),
 *       {@code conf/} (generated configuration), {@code logs/<part>.log}, {@code run/<part>.pid}</li>
 *   <li>{@code distCache}: unpacked distributions (Keycloak, PostgreSQL binaries), shared by every data folder</li>
 *   <li>{@code configRepo}: the folder config-server serves ({@code <root>/config-repo}, or a copy a test edits)</li>
 * </ul>
 */
public record StackLayout(Path root, Path dataDir, Path distCache, Path configRepo) {

    public static final String ROOT_PROPERTY = "t3chat.root";
    public static final String ROOT_ENV = "T3CHAT_ROOT";
    public static final String DATA_PROPERTY = "t3chat.data";
    public static final String DATA_ENV = "T3CHAT_DATA";

    public StackLayout {
        root = root.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        distCache = distCache.toAbsolutePath().normalize();
        configRepo = configRepo.toAbsolutePath().normalize();
    }

    /** The layout from system properties / environment, defaulting the data folder to {@code <root>/.data}. */
    public static StackLayout discover() {
        Path root = locateRoot();
        Path data = setting(DATA_PROPERTY, DATA_ENV).map(Path::of).orElse(root.resolve(".data"));
        return of(root, data);
    }

    /** A layout with the given data folder; the distribution cache stays under the repository. */
    public static StackLayout of(Path root, Path dataDir) {
        return new StackLayout(root, dataDir, root.resolve(".data").resolve("dist"), root.resolve("config-repo"));
    }

    /** The same layout with config-server serving another folder. */
    public StackLayout withConfigRepo(Path folder) {
        return new StackLayout(root, dataDir, distCache, folder);
    }

    public static Path locateRoot() {
        Optional<String> configured = setting(ROOT_PROPERTY, ROOT_ENV);
        if (configured.isPresent()) {
            return Path.of(configured.get()).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (isRepositoryRoot(dir)) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (a folder with mvnw and config-repo) above "
                + Path.of("").toAbsolutePath() + "; set -D" + ROOT_PROPERTY + " or " + ROOT_ENV);
    }

    static boolean isRepositoryRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("config-repo"));
    }

    private static Optional<String> setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    public Path keycloakDir() {
        return dataDir.resolve("keycloak");
    }

    /** clamd's signature database ({@code db/}). */
    public Path clamdDir() {
        return dataDir.resolve("clamd");
    }

    /** The SMTP sink's mails, one {@code <epochMillis>-<seq>.eml} each. */
    public Path mailDir() {
        return dataDir.resolve("mail");
    }

    public Path confDir() {
        return dataDir.resolve("conf");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    public Path logFile(String part) {
        return logsDir().resolve(part + ".log");
    }

    public Path pidFile(String part) {
        return runDir().resolve(part + ".pid");
    }

    /** Written by {@code up} once every part is healthy (its content is the banner); removed on stop. */
    public Path readyMarker() {
        return runDir().resolve("ready");
    }

    public Path serviceJar(String module) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    public void createDirectories() {
        try {
            for (Path dir : new Path[] {dataDir, postgresDir(), kafkaDir(), s3Dir(), keycloakDir(), clamdDir(), mailDir(), confDir(), logsDir(),
                    runDir(), distCache}) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
    }
}
