package com.t3chat.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.llm.Usage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class ReplyBufferTest {

    private static final ReplyEvent DONE = new ReplyEvent.Done("stop", new Usage(1, 1), "offline/demo", null);
    private final AtomicLong allBuffers = new AtomicLong();

    private ReplyBuffer buffer(long maxBytes) {
        return new ReplyBuffer(UUID.randomUUID(), maxBytes, allBuffers);
    }

    @Test
    void aSubscriberGetsTheRestRebuiltAsOnePiecePerChannelThenOnlyLiveEvents() {
        ReplyBuffer reply = buffer(1 << 20);
        reply.onDelta(1, "", "Think");
        reply.onDelta(2, "", "ing");
        reply.onDelta(3, "An", null);
        reply.onDelta(3, "An", null); // a duplicate

        List<ReplyEvent> fromStart = new CopyOnWriteArrayList<>();
        List<ReplyEvent> afterReasoning = new CopyOnWriteArrayList<>();
        reply.attach(0).subscribe(fromStart::add);
        reply.attach(1).subscribe(afterReasoning::add);
        assertThat(fromStart).containsExactly(new ReplyEvent.Reasoning(2, "Thinking"), new ReplyEvent.Delta(3, "An"));
        assertThat(afterReasoning).containsExactly(new ReplyEvent.Reasoning(2, "ing"), new ReplyEvent.Delta(3, "An"));

        reply.onDelta(4, "swer", null);
        reply.end(DONE, "Answer", "Thinking", 4);
        assertThat(fromStart).endsWith(new ReplyEvent.Delta(4, "swer"), DONE);
        assertThat(afterReasoning).endsWith(new ReplyEvent.Delta(4, "swer"), DONE);
        // nothing is kept once the reply ended: a later subscriber reads the stored reply
        assertThat(reply.attach(0)).isNull();
        assertThat(allBuffers).hasValue(0);
    }

    @Test
    void noEventIsReplayedToALateSubscriberOnlyTheTextAfterItsSeq() {
        ReplyBuffer reply = buffer(1 << 20);
        reply.onStarted();
        for (int seq = 1; seq <= 100; seq++) {
            reply.onDelta(seq, "w" + seq + " ", null);
        }
        List<ReplyEvent> late = reply.attach(90).take(1).collectList().block(Duration.ofSeconds(1));
        assertThat(late).containsExactly(new ReplyEvent.Delta(100, "w91 w92 w93 w94 w95 w96 w97 w98 w99 w100 "));
        List<ReplyEvent> fresh = reply.attach(0).take(2).collectList().block(Duration.ofSeconds(1));
        assertThat(fresh.getFirst()).isEqualTo(new ReplyEvent.Started());
        assertThat(((ReplyEvent.Delta) fresh.get(1)).seq()).isEqualTo(100);
    }

    @Test
    void keepsOnlyTheTailWithinItsBoundAndSaysSoToWhoResumesBeforeIt() {
        ReplyBuffer reply = buffer(2_000);
        String piece = "x".repeat(100); // ~250 bytes each with its overhead
        for (int seq = 1; seq <= 40; seq++) {
            reply.onDelta(seq, piece, null);
        }
        assertThat(reply.bytes()).isLessThanOrEqualTo(2_000).isEqualTo(allBuffers.get());
        assertThat(reply.wholeText()).isNull();

        List<ReplyEvent> events = reply.attach(0).take(2).collectList().block(Duration.ofSeconds(1));
        ReplyEvent.Truncated truncated = (ReplyEvent.Truncated) events.getFirst();
        ReplyEvent.Delta tail = (ReplyEvent.Delta) events.get(1);
        assertThat(tail.seq()).isEqualTo(40);
        assertThat(tail.text()).hasSize((int) (40 - truncated.throughSeq()) * 100);
        // a subscriber resuming inside the kept tail gets exactly the rest, with no notice
        assertThat(reply.attach(38).take(1).collectList().block(Duration.ofSeconds(1)))
                .containsExactly(new ReplyEvent.Delta(40, piece.repeat(2)));

        reply.end(DONE, piece.repeat(41), null, 41);
        assertThat(allBuffers).hasValue(0);
    }

    @Test
    void piecesAheadOfAMissingOneWaitUntilItArrives() {
        ReplyBuffer reply = buffer(1 << 20);
        List<ReplyEvent> seen = new CopyOnWriteArrayList<>();
        reply.attach(0).subscribe(seen::add);
        reply.onDelta(3, "c", null); // live, while the rebuild has not delivered 1 and 2 yet
        assertThat(seen).isEmpty();
        reply.onDelta(1, "a", null);
        reply.onDelta(2, "b", null);
        reply.onDelta(3, "c", null);
        assertThat(seen).containsExactly(new ReplyEvent.Delta(1, "a"), new ReplyEvent.Delta(2, "b"),
                new ReplyEvent.Delta(3, "c"));
        assertThat(reply.wholeText()).isEqualTo("abc");

        ReplyBuffer gap = buffer(1_000);
        for (int seq = 2; seq <= 40; seq++) { // seq 1 never comes
            gap.onDelta(seq, "x".repeat(50), null);
        }
        assertThat(gap.bytes()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void piecesReadBackAfterASubscriberAttachedAreOnlyThoseAfterItsSeq() {
        ReplyBuffer reply = buffer(1 << 20);
        List<ReplyEvent> resumed = new CopyOnWriteArrayList<>();
        reply.attach(2).subscribe(resumed::add); // before the rebuild delivered anything
        reply.onStarted();
        reply.onDelta(1, "", "Once");
        reply.onDelta(2, "Upon ", null);
        reply.onDelta(3, "a time", null);
        assertThat(resumed).containsExactly(new ReplyEvent.Delta(3, "a time"));
    }

    @Test
    void missedReasoningAndTextAreMadeWholeFromTheEndAsTwoResumablePieces() {
        ReplyBuffer reply = buffer(1 << 20);
        List<ReplyEvent> seen = new CopyOnWriteArrayList<>();
        reply.attach(0).subscribe(seen::add);
        reply.onDelta(1, "", "Think");
        reply.onDelta(3, "An", null); // seq 2 never arrives
        reply.end(DONE, "Answer", "Thinking", 4);
        assertThat(seen).containsExactly(new ReplyEvent.Reasoning(1, "Think"), new ReplyEvent.Reasoning(2, "ing"),
                new ReplyEvent.Delta(4, "Answer"), DONE);
    }

    @Test
    void aSubscriberThatLeftNoLongerCountsAndAnUnwatchedBufferCanBeEvicted() {
        ReplyBuffer reply = buffer(1 << 20);
        reply.onDelta(1, "Hi", null);
        Flux<ReplyEvent> events = reply.attach(0);
        var subscription = events.subscribe();
        assertThat(reply.evictIfUnwatched()).isFalse();
        subscription.dispose();
        assertThat(reply.subscribers()).isZero();
        assertThat(reply.idle(Duration.ofMinutes(1).toNanos())).isFalse(); // within the resume window
        assertThat(reply.idle(0)).isTrue();
        assertThat(reply.evictIfUnwatched()).isTrue();
        assertThat(reply.attach(0)).isNull();
        assertThat(allBuffers).hasValue(0);
    }

    @Test
    void progressKnowsWhereEachDeltaLeftBothChannelsWithoutKeepingText() {
        ReplyProgress progress = new ReplyProgress();
        progress.onDelta(1, "", "Think");
        progress.onDelta(2, "An", null);
        progress.onDelta(2, "An", null);
        ReplyProgress.Boundaries ends = progress.boundaries("An", "Think");
        assertThat(ends.text()).containsExactly(0, 2);
        assertThat(ends.reasoning()).containsExactly(5, 5);
        assertThat(progress.boundaries("Answer", "Think")).isNull();
        assertThat(progress.boundaries("An", null)).isNull();
        assertThat(progress.claimed()).isTrue();

        ReplyProgress missed = new ReplyProgress();
        missed.onDelta(2, "x", null);
        assertThat(missed.gap()).isTrue();
        assertThat(missed.boundaries("x", null)).isNull();
        ReplyProgress plain = new ReplyProgress();
        plain.onDelta(1, "Hi", null);
        assertThat(plain.boundaries("Hi", null).reasoning()).isNull();
    }
}
