package com.t3chat.devstack.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops a process and everything it started: a polite signal first, SIGKILL for what is left after a grace period. */
public final class ProcessTerminator {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);

    private ProcessTerminator() {
    }

    /** SIGTERM to the process, then SIGKILL to it and its descendants if they outlive {@code grace}. */
    public static void terminate(ProcessHandle process, Duration grace) {
        List<ProcessHandle> tree = treeOf(process);
        process.destroy();
        awaitExit(tree, grace);
    }

    /** Like {@link #terminate} but with SIGINT (PostgreSQL's "fast" shutdown). */
    public static void interrupt(ProcessHandle process, Duration grace) {
        List<ProcessHandle> tree = treeOf(process);
        signal(process.pid(), "INT");
        awaitExit(tree, grace);
    }

    public static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ProcessHandle> treeOf(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process);
        process.descendants().forEach(tree::add);
        return tree;
    }

    private static void awaitExit(List<ProcessHandle> tree, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0 && handle.isAlive()) {
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    // timed out or failed: handled below
                }
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // a process that survives SIGKILL for 5 s is beyond our reach
            }
        }
    }
}
