package com.t3chat.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ReplyWritesTest {

    private final ReplyWrites writes = new ReplyWrites(new StreamProperties(Duration.ofMinutes(10),
            Duration.ofMinutes(2), Duration.ofSeconds(90), Duration.ofSeconds(15), Duration.ofMinutes(5),
            Duration.ofMinutes(1)));

    @Test
    void aFailingWriteIsRetriedUntilItSucceedsAndTheReplysNextWriteWaitsForIt() {
        UUID reply = UUID.randomUUID();
        List<String> done = new CopyOnWriteArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        writes.submit(reply, "title", () -> tries.incrementAndGet() < 4
                ? Mono.error(new IllegalStateException("database down"))
                : Mono.fromRunnable(() -> done.add("title")));
        writes.submit(reply, "completion", () -> Mono.fromRunnable(() -> done.add("completion")));
        writes.submit(UUID.randomUUID(), "completion", () -> Mono.fromRunnable(() -> done.add("other reply")));

        await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 3);
        assertThat(tries).hasValue(4);
        assertThat(done).containsSubsequence("title", "completion");
        assertThat(done.getFirst()).isEqualTo("other reply"); // not held up by another reply's outage
        await().atMost(Duration.ofSeconds(1)).until(() -> writes.waiting() == 0);
    }
}
