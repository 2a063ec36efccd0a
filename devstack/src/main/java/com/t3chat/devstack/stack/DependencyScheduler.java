package com.t3chat.devstack.stack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Runs start-up tasks as soon as their dependencies are done, in list order among those that can run, with at
 * most {@code limit} "limited" tasks (the services: CPU-heavy JVM starts) at once. The first failure is thrown.
 */
final class DependencyScheduler {

    /** One task; {@code limited} tasks share the concurrency limit. */
    record Task(String name, Set<String> dependsOn, boolean limited, Runnable action) {
    }

    private final int limit;
    private final ExecutorService executor;
    private final Object monitor = new Object();
    private final Set<String> done = new HashSet<>();
    private RuntimeException failure;
    private int runningLimited;
    private int running;

    DependencyScheduler(int limit, ExecutorService executor) {
        this.limit = limit;
        this.executor = executor;
    }

    void run(List<Task> tasks) {
        Map<String, Task> pending = new LinkedHashMap<>();
        tasks.forEach(t -> pending.put(t.name(), t));
        Set<String> known = new HashSet<>(pending.keySet());
        for (Task task : tasks) {
            for (String dependency : task.dependsOn()) {
                if (!known.contains(dependency)) {
                    throw new IllegalArgumentException(task.name() + " depends on unknown task " + dependency);
                }
            }
        }
        synchronized (monitor) {
            while (!pending.isEmpty() || running > 0) {
                if (failure != null) {
                    throw failure;
                }
                List<Task> startable = new ArrayList<>();
                for (Task task : pending.values()) {
                    if (done.containsAll(task.dependsOn()) && (!task.limited() || runningLimited < limit)) {
                        startable.add(task);
                        if (task.limited()) {
                            runningLimited++;
                        }
                    }
                }
                for (Task task : startable) {
                    pending.remove(task.name());
                    running++;
                    executor.execute(() -> execute(task));
                }
                if (startable.isEmpty()) {
                    if (running == 0 && !pending.isEmpty()) {
                        throw new IllegalStateException("tasks that can never start: " + pending.keySet());
                    }
                    try {
                        monitor.wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while starting", e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void execute(Task task) {
        RuntimeException error = null;
        try {
            task.action().run();
        } catch (RuntimeException e) {
            error = e;
        } catch (Error e) {
            error = new IllegalStateException(task.name() + " failed: " + e, e);
        }
        synchronized (monitor) {
            running--;
            if (task.limited()) {
                runningLimited--;
            }
            if (error == null) {
                done.add(task.name());
            } else if (failure == null) {
                failure = error;
            }
            monitor.notifyAll();
        }
    }
}
