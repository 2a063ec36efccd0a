package com.t3chat.devstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory (VmRSS) of processes, read from /proc. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** VmRSS of one process in KiB, 0 if it is gone. */
    public static long rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /**
     * VmRSS of a process plus that of its descendants, in KiB. Shared memory (PostgreSQL's shared buffers, which
     * every backend maps) is counted once: for descendants only their VmRSS minus RssShmem is added.
     */
    public static long treeRssKib(long pid) {
        long total = rssKib(pid);
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            total += handle.get().descendants()
                    .mapToLong(p -> Math.max(0, rssKib(p.pid()) - statusField(p.pid(), "RssShmem:")))
                    .sum();
        }
        return total;
    }

    /**
     * For a server that forks workers from its own binary (PostgreSQL): VmRSS of the parent plus only the private
     * (anonymous) memory of its children, whose file and shared pages are the parent's.
     */
    public static long forkedTreeRssKib(long pid) {
        long total = rssKib(pid);
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            total += handle.get().descendants().mapToLong(p -> statusField(p.pid(), "RssAnon:")).sum();
        }
        return total;
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
