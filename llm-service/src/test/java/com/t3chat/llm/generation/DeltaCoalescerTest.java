package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeltaCoalescerTest {

    private static final long MS = 1_000_000;

    private final DeltaCoalescer coalescer = new DeltaCoalescer(Duration.ofMillis(40), 16);

    @Test
    void theFirstTokenGoesOutAtOnce() {
        assertThat(coalescer.add("Hello", 1000 * MS)).isEqualTo("Hello");
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void tokensWithinTheIntervalAreBufferedAndLeaveTogetherWhenItIsOver() {
        coalescer.add("A", 0);
        assertThat(coalescer.add(" b", 10 * MS)).isNull();
        assertThat(coalescer.add(" c", 25 * MS)).isNull();
        assertThat(coalescer.nanosUntilDue(25 * MS)).isEqualTo(15 * MS);
        assertThat(coalescer.flushIfDue(39 * MS)).isNull();
        assertThat(coalescer.flushIfDue(40 * MS)).isEqualTo(" b c");
        assertThat(coalescer.hasPending()).isFalse();
        // the next interval counts from that delta
        assertThat(coalescer.add(" d", 50 * MS)).isNull();
        assertThat(coalescer.add(" e", 80 * MS)).isEqualTo(" d e");
    }

    @Test
    void aTokenAfterAPauseGoesOutAtOnce() {
        coalescer.add("A", 0);
        assertThat(coalescer.add(" b", 500 * MS)).isEqualTo(" b");
    }

    @Test
    void aFullBufferLeavesBeforeTheIntervalIsOver() {
        coalescer.add("A", 0);
        assertThat(coalescer.add(" 123456", 1 * MS)).isNull();
        assertThat(coalescer.add(" 1234567", 2 * MS)).isNull(); // 15 chars
        assertThat(coalescer.add("89", 3 * MS)).isEqualTo(" 123456 123456789");
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void drainTakesWhatIsLeftAtTheEnd() {
        coalescer.add("A", 0);
        coalescer.add(" b", 1 * MS);
        assertThat(coalescer.drain(2 * MS)).isEqualTo(" b");
        assertThat(coalescer.drain(3 * MS)).isNull();
        assertThat(coalescer.flushIfDue(100 * MS)).isNull();
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
            String flushed = coalescer.flushIfDue(now);
            if (flushed != null) {
                sent.append(flushed);
                deltas++;
            }
            String delta = coalescer.add(token, now);
            if (delta != null) {
                sent.append(delta);
                deltas++;
            }
        }
        String rest = coalescer.drain(300 * 22 * MS);
        if (rest != null) {
            sent.append(rest);
            deltas++;
        }
        assertThat(sent.toString()).isEqualTo(text.toString());
        assertThat(deltas).isBetween(150, 170);
    }
}
