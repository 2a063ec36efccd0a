package com.t3chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --nmt}: the services run with {@code -XX:NativeMemoryTracking=summary}; {@code jcmd <pid>
 * VM.native_memory summary} is saved at idle and after the load into {@code <results>/nmt/}, and the categories
 * that grew most (committed KB) are listed per service.
 */
final class NativeMemory {

    static final String OPTION = "-XX:NativeMemoryTracking=summary";

    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB",
            Pattern.MULTILINE);
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB",
            Pattern.MULTILINE);

    private final Path dir;
    private final Map<String, Long> pids;

    /** @param pids the service JVMs, by part name */
    NativeMemory(Path resultsDir, Map<String, Long> pids) {
        this.dir = resultsDir.resolve("nmt");
        this.pids = Map.copyOf(pids);
    }

    /** Saves every service's summary as {@code <part>-<moment>.txt}: committed KB by category (and "Total"), by part. */
    Map<String, Map<String, Long>> snapshot(String moment) throws IOException {
        Files.createDirectories(dir);
        Map<String, Map<String, Long>> committed = new LinkedHashMap<>();
        for (Map.Entry<String, Long> service : pids.entrySet()) {
            try {
                String text = Jcmd.run(service.getValue(), "VM.native_memory", "summary", "scale=KB");
                Files.writeString(dir.resolve(service.getKey() + "-" + moment + ".txt"), text);
                committed.put(service.getKey(), committedKb(text));
            } catch (IllegalStateException e) {
                ReplyPathBench.log("VM.native_memory in " + service.getKey() + " failed: " + e.getMessage());
            }
        }
        return committed;
    }

    /** Committed KB per category of a {@code VM.native_memory summary}, "Total" first. */
    static Map<String, Long> committedKb(String summary) {
        Map<String, Long> committed = new LinkedHashMap<>();
        Matcher total = TOTAL.matcher(summary);
        if (total.find()) {
            committed.put("Total", Long.parseLong(total.group(2)));
        }
        Matcher category = CATEGORY.matcher(summary);
        while (category.find()) {
            committed.put(category.group(1).strip(), Long.parseLong(category.group(3)));
        }
        return committed;
    }

    /** The summary.md section: per service the total and the {@code top} categories that grew most. */
    static List<String> summary(Map<String, Map<String, Long>> idle, Map<String, Map<String, Long>> after, int top,
                                String afterWhen) {
        List<String> lines = new ArrayList<>();
        lines.add("## Native memory (NMT, committed KB): idle → " + afterWhen + "; the " + top
                + " categories that grew most");
        lines.add("");
        lines.add("| service | total | grew most |");
        lines.add("|---|---|---|");
        idle.forEach((part, before) -> {
            Map<String, Long> later = after.getOrDefault(part, Map.of());
            String grew = later.entrySet().stream().filter(e -> !"Total".equals(e.getKey()))
                    .sorted((a, b) -> Long.compare(b.getValue() - before.getOrDefault(b.getKey(), 0L),
                            a.getValue() - before.getOrDefault(a.getKey(), 0L)))
                    .limit(top)
                    .map(e -> e.getKey() + " " + before.getOrDefault(e.getKey(), 0L) + " → " + e.getValue()
                            + " (" + signed(e.getValue() - before.getOrDefault(e.getKey(), 0L)) + ")")
                    .reduce((a, b) -> a + "; " + b).orElse("–");
            lines.add("| " + part + " | " + before.getOrDefault("Total", 0L) + " → " + later.getOrDefault("Total", 0L)
                    + " | " + grew + " |");
        });
        lines.add("");
        return lines;
    }

    private static String signed(long kb) {
        return (kb >= 0 ? "+" : "") + kb;
    }
}
