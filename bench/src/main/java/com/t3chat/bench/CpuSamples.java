package com.t3chat.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU samples of a JFR recording ({@code jdk.ExecutionSample}): self samples by the package of the top frame,
 * the most sampled top frames, and how many samples have a frame of each library of {@link #LIBRARIES} anywhere in
 * their stack (a sample counts once per library).
 *
 * @param samples     execution samples in the recording
 * @param truncated   samples whose stack JFR cut at its stack depth (the library shares undercount those)
 * @param topPackages the most sampled packages (top frame), most first
 * @param topFrames   the most sampled top frames ({@code class.method}), most first
 * @param libraries   per library, the samples with one of its frames in the stack
 */
record CpuSamples(long samples, long truncated, Map<String, Long> topPackages, Map<String, Long> topFrames,
                  Map<String, Long> libraries) {

    /** Library → the class name prefixes that are its code (Spring's integration of it included). */
    static final Map<String, List<String>> LIBRARIES = libraryPrefixes();

    private static Map<String, List<String>> libraryPrefixes() {
        Map<String, List<String>> libraries = new LinkedHashMap<>();
        libraries.put("r2dbc", List.of("io.r2dbc.", "org.springframework.r2dbc.", "org.springframework.data.r2dbc."));
        libraries.put("kafka", List.of("org.apache.kafka.", "org.springframework.kafka."));
        libraries.put("netty", List.of("io.netty.", "reactor.netty."));
        libraries.put("jackson", List.of("tools.jackson.", "com.fasterxml.jackson."));
        libraries.put("security(jwt)", List.of("org.springframework.security.", "com.nimbusds."));
        libraries.put("langchain4j", List.of("dev.langchain4j."));
        return libraries;
    }

    static CpuSamples read(Path recording, int top) throws IOException {
        long samples = 0;
        long truncated = 0;
        Map<String, Long> packages = new HashMap<>();
        Map<String, Long> frames = new HashMap<>();
        Map<String, Long> libraries = new LinkedHashMap<>();
        LIBRARIES.keySet().forEach(library -> libraries.put(library, 0L));
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                if (stack.isTruncated()) {
                    truncated++;
                }
                RecordedFrame topFrame = stack.getFrames().getFirst();
                String type = topFrame.getMethod().getType().getName();
                packages.merge(packageOf(type), 1L, Long::sum);
                frames.merge(type + "." + topFrame.getMethod().getName(), 1L, Long::sum);
                for (Map.Entry<String, List<String>> library : LIBRARIES.entrySet()) {
                    if (contains(stack, library.getValue())) {
                        libraries.merge(library.getKey(), 1L, Long::sum);
                    }
                }
            }
        }
        return new CpuSamples(samples, truncated, mostFirst(packages, top), mostFirst(frames, top), libraries);
    }

    /** {@code a.b.C$Inner} → {@code a.b}; a hidden class ({@code a.b.C$$Lambda/0x…}) is its host's. */
    static String packageOf(String className) {
        String name = className.contains("/") ? className.substring(0, className.indexOf('/')) : className;
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "(no package)" : name.substring(0, dot);
    }

    private static boolean contains(RecordedStackTrace stack, List<String> prefixes) {
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            for (String prefix : prefixes) {
                if (type.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, Long> mostFirst(Map<String, Long> counts, int top) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("samples", samples);
        map.put("truncated_stacks", truncated);
        map.put("top_packages", topPackages);
        map.put("top_frames", topFrames);
        map.put("stack_contains", libraries);
        return map;
    }
}
