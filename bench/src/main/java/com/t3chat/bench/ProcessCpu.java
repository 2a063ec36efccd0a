package com.t3chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat} (user + system, in clock ticks of 10 ms, the kernel's
 * {@code USER_HZ} on Linux), optionally with every process below it: PostgreSQL's work is done by the backends the
 * postmaster forks, Keycloak's by the JVM {@code kc.sh} starts. A process that ended counts 0.
 */
final class ProcessCpu {

    /** Linux reports {@code /proc} times in USER_HZ, which is 100 on every architecture it supports. */
    private static final double MS_PER_TICK = 10.0;

    /** The parts counted with every process below them: PostgreSQL's backends, the JVM Keycloak's kc.sh starts. */
    static final java.util.Set<String> WITH_CHILDREN = java.util.Set.of("postgres", "keycloak");

    private ProcessCpu() {
    }

    /** CPU ms of each part (with its descendants where {@code withTree}) right now. */
    static Map<String, Double> snapshot(Map<String, Long> pids, java.util.Set<String> withTree) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((part, pid) -> cpu.put(part, withTree.contains(part) ? treeMs(pid) : ms(pid)));
        cpu.put("harness", ms(ProcessHandle.current().pid()));
        return cpu;
    }

    static double ms(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command may contain spaces and parentheses: fields are counted after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The process and its descendants alive now (a backend that exited during a step is not counted). */
    static double treeMs(long pid) {
        return ProcessHandle.of(pid)
                .map(root -> ms(pid) + root.descendants().mapToDouble(child -> ms(child.pid())).sum())
                .orElse(0.0);
    }
}
