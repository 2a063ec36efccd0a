package com.t3chat.devstack.stack;

import com.t3chat.devstack.layout.StackLayout;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How often the supervisor restarted each part since the stack started, in {@code run/restarts.properties} so that
 * {@code ./dev status} (another JVM) can show it.
 */
public final class RestartCounts {

    private final Path file;
    private final Map<String, Integer> counts = new HashMap<>();

    RestartCounts(StackLayout layout) {
        this.file = file(layout);
    }

    static Path file(StackLayout layout) {
        return layout.runDir().resolve("restarts.properties");
    }

    /**
     * Counts one more restart of {@code part} and returns the new count. A file that cannot be written (the data
     * folder removed under a running stack) only costs {@code status} its column: the restart goes ahead.
     */
    synchronized int increment(String part) {
        int count = counts.merge(part, 1, Integer::sum);
        Properties properties = new Properties();
        counts.forEach((name, value) -> properties.setProperty(name, Integer.toString(value)));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                properties.store(writer, "restarts by the supervisor since the stack started");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            System.out.println("[devstack] cannot record the restart count in " + file + ": " + e.getMessage());
        }
        return count;
    }

    synchronized int of(String part) {
        return counts.getOrDefault(part, 0);
    }

    /** What the running (or last) supervisor of this data folder recorded; empty if nothing was restarted. */
    public static Map<String, Integer> read(StackLayout layout) {
        Path file = file(layout);
        Map<String, Integer> counts = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return counts;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            return counts;
        }
        for (String name : properties.stringPropertyNames()) {
            try {
                counts.put(name, Integer.parseInt(properties.getProperty(name).trim()));
            } catch (NumberFormatException e) {
                // a torn or hand-edited line: not worth failing status for
            }
        }
        return counts;
    }
}
