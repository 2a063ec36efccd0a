package com.t3chat.devstack.stack;

import com.t3chat.devstack.clamd.ClamdServer;
import com.t3chat.devstack.clamd.ClamdSettings;
import com.t3chat.devstack.layout.StackLayout;
import com.t3chat.devstack.process.ChildProcess;
import com.t3chat.devstack.process.LaunchSpec;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.process.ProcessTerminator;
import com.t3chat.devstack.test.TestInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The supervisor against real processes killed with SIGKILL (fast backoff: 100 ms doubling up to 400 ms). */
class SupervisorIT {

    private static final RestartBackoff FAST = new RestartBackoff(Duration.ofMillis(100), Duration.ofMillis(400),
            Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<ChildProcess> started = new CopyOnWriteArrayList<>();
    private Supervisor supervisor;

    @AfterEach
    void stopEverything() {
        if (supervisor != null) {
            supervisor.close();
        }
        started.forEach(p -> p.stop(Duration.ofSeconds(2)));
    }

    private Supervisor supervisor() {
        supervisor = new Supervisor(FAST, new RestartCounts(StackLayout.of(dir, dir.resolve("data"))), log::add);
        return supervisor;
    }

    private ChildProcess sleeper() {
        ChildProcess process = ChildProcess.launch(new LaunchSpec("sleeper", List.of("sleep", "600"), Map.of(), dir,
                dir.resolve("sleeper.log"), null, ""));
        started.add(process);
        return process;
    }

    private static void kill9(ChildProcess process) {
        ProcessTerminator.signal(process.pid(), "KILL");
    }

    @Test
    void aKilledPartComesBackAndIsCountedInStatus() {
        Supervisor supervisor = supervisor();
        ChildProcess first = sleeper();
        supervisor.watch("chat-service", first, this::sleeper);

        kill9(first);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2 && started.get(1).isAlive());
        assertThat(supervisor.restarts("chat-service")).isEqualTo(1);
        assertThat(RestartCounts.read(StackLayout.of(dir, dir.resolve("data")))).containsEntry("chat-service", 1);
        assertThat(log).anyMatch(line -> line.startsWith("WARNING: chat-service exited with code 137"));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.stream().anyMatch(l -> l.startsWith(
                "chat-service is back (restart 1")));

        // and again: the new process is watched too
        kill9(started.get(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3 && started.get(2).isAlive());
        assertThat(supervisor.restarts("chat-service")).isEqualTo(2);
    }

    @Test
    void aKilledClamdComesBackOnItsPortAndAnswersPing() {
        TestInfra.assumeClamd();
        ClamdServer clamd = new ClamdServer(new ClamdSettings(dir.resolve("clamd"), dir.resolve("conf"),
                PortProbe.freePort(), dir.resolve("clamd.log"), dir.resolve("clamd.pid")));
        Supplier<ChildProcess> start = () -> {
            clamd.start(Duration.ofSeconds(60));
            started.add(clamd.process());
            return clamd.process();
        };
        Supervisor supervisor = supervisor();
        ChildProcess first = start.get();
        supervisor.watch("clamd", first, start);

        kill9(first);

        await().atMost(Duration.ofSeconds(30)).until(() -> started.size() == 2 && started.get(1).isAlive());
        assertThat(ClamdServer.ping(ClamdSettings.HOST, clamd.settings().port())).isTrue();
        assertThat(supervisor.restarts("clamd")).isEqualTo(1);
    }

    @Test
    void whatAKilledPartHadStartedIsStoppedBeforeItStartsAgain() {
        Supervisor supervisor = supervisor();
        // like kc.sh, which runs its java in the background and waits for it
        ChildProcess launcher = ChildProcess.launch(new LaunchSpec("launcher", List.of("bash", "-c", "sleep 600 & wait"),
                Map.of(), dir, dir.resolve("launcher.log"), null, ""));
        started.add(launcher);
        ProcessHandle child = await().atMost(Duration.ofSeconds(10))
                .until(() -> launcher.process().children().findFirst(), java.util.Optional::isPresent).orElseThrow();
        supervisor.watch("keycloak", launcher, this::sleeper);

        kill9(launcher);

        await().atMost(Duration.ofSeconds(30)).until(() -> started.size() == 2 && started.get(1).isAlive());
        assertThat(child.isAlive()).isFalse();
        assertThat(log).anyMatch(line -> line.equals("stopping what keycloak had started: pid " + child.pid()));
    }

    @Test
    void aRestartThatFailsIsTriedAgainLaterWithALongerWait() {
        Supervisor supervisor = supervisor();
        ChildProcess first = sleeper();
        AtomicInteger attempts = new AtomicInteger();
        Supplier<ChildProcess> flaky = () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("not healthy yet\nlog tail");
            }
            return sleeper();
        };
        supervisor.watch("kafka", first, flaky);

        kill9(first);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2 && started.get(1).isAlive());
        assertThat(attempts).hasValue(3);
        assertThat(supervisor.restarts("kafka")).isEqualTo(3);
        assertThat(log).filteredOn(line -> line.startsWith("WARNING: restarting kafka failed"))
                .containsExactly("WARNING: restarting kafka failed — trying again in 0.2 s: not healthy yet",
                        "WARNING: restarting kafka failed — trying again in 0.4 s: not healthy yet");
    }

    @Test
    void aPartStoppedOnPurposeOrAfterCloseIsNotRestarted() throws Exception {
        Supervisor supervisor = supervisor();
        ChildProcess forgotten = sleeper();
        ChildProcess closing = sleeper();
        supervisor.watch("chat-service", forgotten, this::sleeper);
        supervisor.watch("llm-service", closing, this::sleeper);

        supervisor.forget("chat-service");
        kill9(forgotten);
        forgotten.process().onExit().get();
        supervisor.close();
        kill9(closing);
        closing.process().onExit().get();

        // longer than several backoffs: nothing may be started again
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> started.size() == 2);
        assertThat(log).isEmpty();
    }
}
