package com.t3chat.systemtests;

import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.stack.LocalStack;
import com.t3chat.devstack.stack.StackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The whole system, started once per test JVM exactly as {@code ./dev up} starts it, with a fresh data folder and
 * a copy of {@code config-repo/} that tests may change.
 */
final class SystemStack {

    private static LocalStack stack;
    private static Path configRepo;
    private static StackOptions options;

    private SystemStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path target = Path.of("target").toAbsolutePath();
            Path data = target.resolve("stack-data");
            configRepo = target.resolve("config-repo");
            deleteRecursively(data);
            deleteRecursively(configRepo);
            StackLayout layout = StackOptions.defaults().layout();
            copyRecursively(layout.configRepo(), configRepo);
            options = StackOptions.defaults().withDataDir(data).withConfigRepo(configRepo).withPidFile(false)
                    // throw-away data: PostgreSQL may run fast and unsafe (fsync off)
                    .withDurablePostgres(false)
                    .withEnvironment(StackOptions.SIMULATOR_ENV, "1")
                    // GitHub sign-in is configured, Google is not: the realm must show exactly that
                    .withEnvironment("GITHUB_CLIENT_ID", "system-test-github-client")
                    .withEnvironment("GITHUB_CLIENT_SECRET", "system-test-github-secret")
                    // a short brute-force lock, so that a test can see it expire
                    .withEnvironment("T3CHAT_LOCKOUT_WAIT", "5s")
                    // alice and bob send far more than 20 messages a minute across these tests (and the browser
                    // tests); the shipped per-user limits are checked by chat-service's PostingLimitsIT
                    .withEnvironment("T3CHAT_LIMIT_MESSAGES_PER_MINUTE", "1000")
                    .withEnvironment("T3CHAT_LIMIT_CONCURRENT_REPLIES", "20");
            stack = LocalStack.start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.close(), "system-stack-stop"));
        }
        return stack;
    }

    /** Stops everything, runs {@code afterStop} while nothing runs, then starts the stack again on the same data. */
    static synchronized LocalStack stopAndStartAgain(Runnable afterStop) {
        get().close();
        replicas.clear();
        afterStop.run();
        stack = LocalStack.start(options);
        return stack;
    }

    private static final java.util.Map<String, String> replicas = new java.util.HashMap<>();

    /** A second replica of a service (started once per stack), answering its base URL. */
    static synchronized String replica(String service, int port) {
        return replicas.computeIfAbsent(service + ":" + port, key -> get().startReplica(service, port));
    }

    /** The data folder of the running stack. */
    static Path dataDir() {
        return get().layout().dataDir();
    }

    /** The config-repo folder the running config-server serves. */
    static Path configRepo() {
        get();
        return configRepo;
    }

    private static void copyRecursively(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
