package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeltaCoalescerTest {

    private static final long MS = 1_000_000;

    private final DeltaCoalescer coalescer = new DeltaCoalescer(Duration.ofMillis(40), 16);

    @Test
    void theFirstTokenGoesOutAtOnce() {
        assertThat(text(coalescer.add("Hello", false, 1000 * MS))).isEqualTo("Hello");
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void tokensWithinTheIntervalAreBufferedAndLeaveTogetherWhenItIsOver() {
        text(coalescer.add("A", false, 0));
        assertThat(text(coalescer.add(" b", false, 10 * MS))).isNull();
        assertThat(text(coalescer.add(" c", false, 25 * MS))).isNull();
        assertThat(coalescer.nanosUntilDue(25 * MS)).isEqualTo(15 * MS);
        assertThat(text(coalescer.flushIfDue(39 * MS))).isNull();
        assertThat(text(coalescer.flushIfDue(40 * MS))).isEqualTo(" b c");
        assertThat(coalescer.hasPending()).isFalse();
        // the next interval counts from that delta
        assertThat(text(coalescer.add(" d", false, 50 * MS))).isNull();
        assertThat(text(coalescer.add(" e", false, 80 * MS))).isEqualTo(" d e");
    }

    @Test
    void aTokenAfterAPauseGoesOutAtOnce() {
        text(coalescer.add("A", false, 0));
        assertThat(text(coalescer.add(" b", false, 500 * MS))).isEqualTo(" b");
    }

    @Test
    void aFullBufferLeavesBeforeTheIntervalIsOver() {
        text(coalescer.add("A", false, 0));
        assertThat(text(coalescer.add(" 123456", false, 1 * MS))).isNull();
        assertThat(text(coalescer.add(" 1234567", false, 2 * MS))).isNull(); // 15 chars
        assertThat(text(coalescer.add("89", false, 3 * MS))).isEqualTo(" 123456 123456789");
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void drainTakesWhatIsLeftAtTheEnd() {
        text(coalescer.add("A", false, 0));
        text(coalescer.add(" b", false, 1 * MS));
        assertThat(text(coalescer.drain(2 * MS))).isEqualTo(" b");
        assertThat(text(coalescer.drain(3 * MS))).isNull();
        assertThat(text(coalescer.flushIfDue(100 * MS))).isNull();
    }

    @Test
    void aSteadyStreamBecomesOneDeltaPerInterval() {
        var text = new StringBuilder();
        var sent = new StringBuilder();
        int deltas = 0;
        for (int i = 0; i < 300; i++) { // a token every 22 ms, as the offline model streams
            String token = " t" + i;
            text.append(token);
            long now = i * 22 * MS;
            String flushed = text(coalescer.flushIfDue(now));
            if (flushed != null) {
                sent.append(flushed);
                deltas++;
            }
            String delta = text(coalescer.add(token, false, now));
            if (delta != null) {
                sent.append(delta);
                deltas++;
            }
        }
        String rest = text(coalescer.drain(300 * 22 * MS));
        if (rest != null) {
            sent.append(rest);
            deltas++;
        }
        assertThat(sent.toString()).isEqualTo(text.toString());
        assertThat(deltas).isBetween(150, 170);
    }

    @Test
    void aChangeOfChannelSendsWhatIsBufferedOfTheOtherFirst() {
        assertThat(coalescer.add("r1", true, 0)).isEqualTo(new DeltaCoalescer.Piece("r1", true));
        assertThat(coalescer.add(" r2", true, 10 * MS)).isNull();
        assertThat(coalescer.add("Answer", false, 20 * MS)).isEqualTo(new DeltaCoalescer.Piece(" r2", true));
        assertThat(coalescer.flushIfDue(50 * MS)).isNull();
        assertThat(coalescer.flushIfDue(60 * MS)).isEqualTo(new DeltaCoalescer.Piece("Answer", false));
    }

    private static String text(DeltaCoalescer.Piece piece) {
        assertThat(piece == null || !piece.reasoning()).isTrue();
        return piece == null ? null : piece.text();
    }
}
