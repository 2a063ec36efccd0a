package com.t3chat.bench;

import static com.t3chat.bench.ReplyPathBench.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --jfr}: one JFR recording per service JVM for the length of a phase, started and dumped with {@code jcmd}
 * ({@code JFR.start settings=profile}: execution samples every 10 ms per thread) into {@code <results>/jfr/}.
 */
final class FlightRecordings {

    /** The stack depth the services are started with under {@code --jfr} (JFR's default 64 cuts reactive stacks). */
    static final String STACK_DEPTH_OPTION = "-XX:FlightRecorderOptions=stackdepth=256";

    private final Path dir;
    private final Map<String, Long> pids;

    /** @param pids the service JVMs, by part name */
    FlightRecordings(Path resultsDir, Map<String, Long> pids) {
        this.dir = resultsDir.resolve("jfr");
        this.pids = Map.copyOf(pids);
    }

    /** Starts a recording named after the phase in every service JVM (one that fails is left out, with a log line). */
    void start(String phase) {
        pids.forEach((part, pid) -> {
            try {
                Jcmd.run(pid, "JFR.start", "name=bench-" + phase, "settings=profile");
            } catch (IllegalStateException e) {
                log("JFR.start in " + part + " failed: " + e.getMessage());
            }
        });
    }

    /** Dumps and stops the phase's recordings: the files written, by part. */
    Map<String, Path> stop(String phase) throws java.io.IOException {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, Long> service : pids.entrySet()) {
            Path file = dir.resolve(service.getKey() + "-" + phase + ".jfr");
            try {
                Jcmd.run(service.getValue(), "JFR.dump", "name=bench-" + phase, "filename=" + file);
                Jcmd.run(service.getValue(), "JFR.stop", "name=bench-" + phase);
                if (Files.exists(file)) {
                    files.put(service.getKey(), file);
                }
            } catch (IllegalStateException e) {
                log("JFR.dump in " + service.getKey() + " failed: " + e.getMessage());
            }
        }
        return files;
    }

    /** The summary.md section of a phase's recordings: per service its top packages and library shares. */
    static List<String> summary(String phase, Map<String, CpuSamples> samples) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("## JFR during " + phase + ": CPU samples by package of the top frame (jdk.ExecutionSample, "
                + "self time), and the share of samples whose stack contains a library");
        lines.add("");
        samples.forEach((part, s) -> {
            lines.add("### " + part + " — " + s.samples() + " samples" + (s.truncated() > 0
                    ? " (" + s.truncated() + " stacks truncated)" : ""));
            lines.add("");
            lines.add("| package | samples | share |");
            lines.add("|---|---|---|");
            s.topPackages().forEach((pkg, count) -> lines.add("| " + pkg + " | " + count + " | "
                    + percent(count, s.samples()) + " |"));
            lines.add("");
            StringBuilder shares = new StringBuilder("In the stack: ");
            s.libraries().forEach((library, count) -> shares.append(library).append(' ')
                    .append(percent(count, s.samples())).append(", "));
            lines.add(shares.substring(0, shares.length() - 2) + ".");
            lines.add("");
        });
        return lines;
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "–" : String.format("%.1f %%", 100.0 * part / whole);
    }
}
