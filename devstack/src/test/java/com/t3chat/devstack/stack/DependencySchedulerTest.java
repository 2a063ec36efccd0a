package com.t3chat.devstack.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DependencySchedulerTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void startsTasksAfterTheirDependenciesWithinTheLimit() {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger limitedNow = new AtomicInteger();
        AtomicInteger limitedMax = new AtomicInteger();
        Runnable limitedWork = () -> {
            limitedMax.accumulateAndGet(limitedNow.incrementAndGet(), Math::max);
            sleep(30);
            limitedNow.decrementAndGet();
        };
        new DependencyScheduler(2, executor).run(List.of(
                task("db", Set.of(), false, log, () -> sleep(50)),
                task("idp", Set.of("db"), false, log, () -> sleep(20)),
                task("config", Set.of(), true, log, limitedWork),
                task("a", Set.of("db", "config"), true, log, limitedWork),
                task("b", Set.of("db", "config"), true, log, limitedWork),
                task("c", Set.of("db", "config"), true, log, limitedWork),
                task("auth", Set.of("idp", "config"), true, log, limitedWork)));

        assertThat(log).hasSize(7);
        assertThat(log.indexOf("db")).isLessThan(log.indexOf("idp"));
        assertThat(log.indexOf("config")).isLessThan(log.indexOf("a"));
        assertThat(log.indexOf("idp")).isLessThan(log.indexOf("auth"));
        assertThat(limitedMax.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void theFirstFailureIsThrown() {
        DependencyScheduler scheduler = new DependencyScheduler(2, executor);
        assertThatThrownBy(() -> scheduler.run(List.of(
                new DependencyScheduler.Task("db", Set.of(), false, () -> {
                    throw new IllegalStateException("db broke");
                }),
                new DependencyScheduler.Task("svc", Set.of("db"), true, () -> { }))))
                .hasMessage("db broke");
    }

    @Test
    void unknownDependencyIsRejected() {
        assertThatThrownBy(() -> new DependencyScheduler(2, executor).run(List.of(
                new DependencyScheduler.Task("svc", Set.of("nope"), true, () -> { }))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DependencyScheduler.Task task(String name, Set<String> deps, boolean limited, List<String> log,
                                                 Runnable work) {
        return new DependencyScheduler.Task(name, deps, limited, () -> {
            work.run();
            log.add(name);
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
