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
import reactor.core.publisher.Sinks;

class ReplyWritesTest {

    private final List<String> intake = new CopyOnWriteArrayList<>();

    private ReplyWrites writes(int maxQueued, int concurrency) {
        return new ReplyWrites(StreamProperties.defaults().withQueue(maxQueued, concurrency, Duration.ofMinutes(1)),
                () -> intake.add("paused"), () -> intake.add("resumed"));
    }

    @Test
    void aFailingWriteIsRetriedUntilItSucceedsAndTheReplysNextWriteWaitsForIt() {
        ReplyWrites writes = writes(1000, 16);
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
        assertThat(intake).isEmpty();
    }

    @Test
    void submittingNeverWaitsAndPausesTheIntakeAt80PercentThenResumesBelow20() {
        ReplyWrites writes = writes(100, 8);
        Sinks.Empty<Void> database = Sinks.empty(); // down until it completes
        List<Integer> order = new CopyOnWriteArrayList<>();
        UUID slowReply = UUID.randomUUID();
        long started = System.nanoTime();
        for (int i = 0; i < 90; i++) {
            int n = i;
            // a third of the writes belong to one reply: they run one after the other, in order
            UUID reply = i % 3 == 0 ? slowReply : UUID.randomUUID();
            writes.submit(reply, "completion", () -> database.asMono().then(Mono.fromRunnable(() -> {
                if (reply.equals(slowReply)) {
                    order.add(n);
                }
            })));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(writes.waiting()).isEqualTo(90);
        assertThat(intake).containsExactly("paused"); // once, at the 80th

        database.tryEmitEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> writes.waiting() == 0);
        assertThat(intake).containsExactly("paused", "resumed");
        assertThat(order).hasSize(30).isSorted();
    }

    @Test
    void nothingAcceptedIsLostAndAFullQueueRefusesInsteadOfWaiting() {
        ReplyWrites writes = writes(10, 2);
        Sinks.Empty<Void> database = Sinks.empty();
        AtomicInteger stored = new AtomicInteger();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            try {
                writes.submit(UUID.randomUUID(), "completion",
                        () -> database.asMono().then(Mono.fromRunnable(stored::incrementAndGet)));
                accepted++;
            } catch (IllegalStateException full) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
        database.tryEmitEmpty();
        int expected = accepted;
        await().atMost(Duration.ofSeconds(10)).until(() -> stored.get() == expected);
        assertThat(writes.waiting()).isZero();
    }
}
