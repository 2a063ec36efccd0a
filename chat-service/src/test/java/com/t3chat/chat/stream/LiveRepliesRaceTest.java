package com.t3chat.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.llm.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A subscriber attaching while its reply ends, on two threads at the same instant: it either gets the end live or is
 * sent to the stored reply, never a stream that stays open (a hang once seen on a cold JVM).
 */
class LiveRepliesRaceTest {

    private static final ReplyEvent DONE = new ReplyEvent.Done("stop", new Usage(1, 1), "openai/sim", null);
    private static final int ROUNDS = 2_000;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    // no rebuild is needed: every reply here is known to this replica from its request on
    private final LiveReplies live = new LiveReplies(StreamProperties.defaults(), null, new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aSubscriberAttachingAsItsReplyEndsGetsTheEndOrIsSentToTheStoredReply() throws Exception {
        int followedLive = 0;
        int sentToStored = 0;
        for (int round = 0; round < ROUNDS; round++) {
            UUID replyId = UUID.randomUUID();
            live.requested(replyId);
            live.onStarted(replyId);
            if (round % 2 == 0) {
                live.expect(replyId); // posted here: its text is kept from the first delta on
                live.onDelta(replyId, 1, "Hel", null);
            } // else posted elsewhere, followed here before any delta: the end brings the whole text
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Void> ending = CompletableFuture.runAsync(() -> {
                await(together);
                live.end(replyId, DONE, "Hello", null, 2, List.of(new ReplyEvent.Titled("Hi")));
            }, threads);
            CompletableFuture<Optional<Flux<ReplyEvent>>> following = CompletableFuture.supplyAsync(() -> {
                await(together);
                return live.follow(replyId, Instant.now(), 0);
            }, threads);
            ending.get(5, TimeUnit.SECONDS);
            Optional<Flux<ReplyEvent>> events = following.get(5, TimeUnit.SECONDS);
            if (events.isEmpty()) {
                sentToStored++;
                continue;
            }
            followedLive++;
            List<ReplyEvent> got = events.get().collectList().block(Duration.ofSeconds(5));
            assertThat(got).as("round %d", round).isNotNull().endsWith(new ReplyEvent.Titled("Hi"), DONE);
            assertThat(String.join("", got.stream().filter(ReplyEvent.Delta.class::isInstance)
                    .map(event -> ((ReplyEvent.Delta) event).text()).toList())).isEqualTo("Hello");
        }
        assertThat(followedLive + sentToStored).isEqualTo(ROUNDS);
        assertThat(live.buffers()).isZero();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
