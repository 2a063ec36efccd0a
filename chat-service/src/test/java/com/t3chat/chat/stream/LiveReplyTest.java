package com.t3chat.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.llm.Usage;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LiveReplyTest {

    private static final ReplyEvent DONE = new ReplyEvent.Done("stop", new Usage(1, 1), "offline/demo", null);

    @Test
    void resumesAfterAReasoningOrATextPieceWithExactlyTheRest() {
        LiveReply reply = new LiveReply(UUID.randomUUID());
        reply.onDelta(1, "", "Think");
        reply.onDelta(2, "", "ing");
        reply.onDelta(3, "An", null);
        reply.onDelta(3, "An", null); // a duplicate
        reply.onDelta(4, "swer", null);
        reply.end(DONE, "Answer", "Thinking", 4);

        assertThat(reply.eventsAfter(1).collectList().block(Duration.ofSeconds(1))).containsExactly(
                new ReplyEvent.Reasoning(2, "ing"), new ReplyEvent.Delta(3, "An"), new ReplyEvent.Delta(4, "swer"),
                DONE);
        assertThat(reply.eventsAfter(3).collectList().block(Duration.ofSeconds(1)))
                .containsExactly(new ReplyEvent.Delta(4, "swer"), DONE);
    }

    @Test
    void knowsWhereEachPieceLeftBothChannels() {
        LiveReply reply = new LiveReply(UUID.randomUUID());
        reply.onDelta(1, "", "Think");
        reply.onDelta(2, "An", null);
        LiveReply.Boundaries ends = reply.boundaries("An", "Think");
        assertThat(ends.text()).containsExactly(0, 2);
        assertThat(ends.reasoning()).containsExactly(5, 5);
        assertThat(reply.boundaries("Answer", "Think")).isNull();
        assertThat(reply.boundaries("An", null)).isNull();
    }

    @Test
    void noReasoningBoundariesForAReplyWithoutReasoning() {
        LiveReply reply = new LiveReply(UUID.randomUUID());
        reply.onDelta(1, "Hi", null);
        assertThat(reply.boundaries("Hi", null).reasoning()).isNull();
    }

    @Test
    void missedReasoningAndTextAreMadeWholeFromTheEndAsTwoResumablePieces() {
        LiveReply reply = new LiveReply(UUID.randomUUID());
        reply.onDelta(1, "", "Think");
        reply.onDelta(3, "An", null); // seq 2 was missed
        assertThat(reply.boundaries("An", "Think")).isNull();
        reply.end(DONE, "Answer", "Thinking", 4);

        assertThat(reply.eventsAfter(0).collectList().block(Duration.ofSeconds(1))).containsExactly(
                new ReplyEvent.Reasoning(1, "Think"), new ReplyEvent.Reasoning(2, "ing"),
                new ReplyEvent.Delta(4, "Answer"), DONE);
        assertThat(reply.eventsAfter(2).collectList().block(Duration.ofSeconds(1)))
                .containsExactly(new ReplyEvent.Delta(4, "Answer"), DONE);
        assertThat(reply.text()).isEqualTo("Answer");
        assertThat(reply.reasoning()).isEqualTo("Thinking");
    }

    @Test
    void aStartIsAnnouncedOnceAndAnyDeltaCountsAsAClaim() {
        LiveReply started = new LiveReply(UUID.randomUUID());
        assertThat(started.claimed()).isFalse();
        started.onStarted();
        started.onStarted(); // a replayed ReplyStarted
        started.end(DONE, "", null, 0);
        assertThat(started.claimed()).isTrue();
        assertThat(started.eventsAfter(0).collectList().block(Duration.ofSeconds(1)))
                .containsExactly(new ReplyEvent.Started(), DONE);

        LiveReply streaming = new LiveReply(UUID.randomUUID());
        streaming.onDelta(1, "Hi", null);
        assertThat(streaming.claimed()).isTrue();
    }

    @Test
    void aClientResumingAfterADeltaIsNotToldAgainThatTheReplyStarted() {
        LiveReply reply = new LiveReply(UUID.randomUUID());
        reply.onStarted();
        reply.onDelta(1, "Hel", null);
        reply.onDelta(2, "lo", null);
        reply.end(DONE, "Hello", null, 2);

        assertThat(reply.eventsAfter(1).collectList().block(Duration.ofSeconds(1)))
                .containsExactly(new ReplyEvent.Delta(2, "lo"), DONE);
        assertThat(reply.eventsAfter(0).collectList().block(Duration.ofSeconds(1))).containsExactly(
                new ReplyEvent.Started(), new ReplyEvent.Delta(1, "Hel"), new ReplyEvent.Delta(2, "lo"), DONE);
    }
}
