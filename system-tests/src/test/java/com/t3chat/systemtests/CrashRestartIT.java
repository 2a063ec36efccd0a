package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.devstack.process.ProcessTerminator;
import com.t3chat.devstack.stack.Health;
import com.t3chat.devstack.stack.LocalStack;
import com.t3chat.devstack.stack.PartStatus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The supervisor starts a part again when it dies while the stack runs (what {@code ./dev up} does too). */
class CrashRestartIT {

    private static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SystemStack.get();
    }

    private static PartStatus status(String part) {
        return stack.status().stream().filter(p -> p.part().equals(part)).findFirst().orElseThrow();
    }

    /** Kills {@code part} with SIGKILL and waits until it is healthy again as a new process. */
    private static PartStatus killAndAwaitBack(String part) {
        PartStatus before = status(part);
        assertThat(before.health()).as(part).isEqualTo(Health.UP);

        ProcessTerminator.signal(before.pid(), "KILL");

        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(part), now -> now.health() == Health.UP && now.pid() != before.pid()
                        && now.restarts() == before.restarts() + 1);
    }

    @Test
    void aServiceKilledWithSigkillComesBackHealthyAndServesAgain() {
        killAndAwaitBack("chat-service");

        String alice = stack.accessToken("alice");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Http.get(stack.gatewayUrl() + "/api/chats", alice).statusCode() == 200);
    }

    @Test
    void theObjectStoreKilledWithSigkillComesBack() {
        killAndAwaitBack("s3");
    }
}
