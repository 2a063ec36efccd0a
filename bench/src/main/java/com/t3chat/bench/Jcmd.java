package com.t3chat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code jcmd <pid> <command…>} of the JDK this harness runs on (every service runs on the same one). */
final class Jcmd {

    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private Jcmd() {
    }

    /** The command's output; an exception with it if jcmd fails (or names an error) or takes over a minute. */
    static String run(long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(JCMD.toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + ": no answer within 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            // jcmd answers 0 even when the diagnostic command itself failed (e.g. NMT not enabled)
            if (process.exitValue() != 0 || text.contains("Exception") || text.contains("not enabled")) {
                throw new IllegalStateException(String.join(" ", line) + ": " + ChatApi.abbreviate(text.strip()));
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", line) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
