package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** The adaptive rule with injected time: no clock is read, so nothing here depends on the machine's speed. */
class DeltaCoalescerTest {

    private static final long MS = 1_000_000;

    /** The defaults: 50 ms min, 150 ms max, 4 tokens, and a small max-chars to test it. */
    private final DeltaCoalescer coalescer = coalescer(16);

    private static DeltaCoalescer coalescer(int maxChars) {
        return new DeltaCoalescer(Duration.ofMillis(50), Duration.ofMillis(150), 4, maxChars);
    }

    @Test
    void theFirstTokenGoesOutAtOnce() {
        assertThat(text(coalescer.add("Hello", false, 1000 * MS))).isEqualTo("Hello");
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void targetTokensLeaveTogetherOnceTheMinIntervalHasPassed() {
        text(coalescer.add("A", false, 0));
        assertThat(text(coalescer.add(" b", false, 10 * MS))).isNull();
        assertThat(text(coalescer.add(" c", false, 20 * MS))).isNull();
        assertThat(text(coalescer.add(" d", false, 30 * MS))).isNull();
        assertThat(text(coalescer.add(" e", false, 40 * MS))).isNull(); // 4 buffered, but only 40 ms since the last
        assertThat(coalescer.nanosUntilDue(40 * MS)).isEqualTo(10 * MS);
        assertThat(text(coalescer.flushIfDue(49 * MS))).isNull();
        assertThat(text(coalescer.flushIfDue(50 * MS))).isEqualTo(" b c d e");
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void fewerThanTargetTokensWaitForTheMaxInterval() {
        text(coalescer.add("A", false, 0));
        assertThat(text(coalescer.add(" b", false, 60 * MS))).isNull(); // past min, but one token only
        assertThat(coalescer.nanosUntilDue(60 * MS)).isEqualTo(90 * MS);
        assertThat(text(coalescer.flushIfDue(149 * MS))).isNull();
        assertThat(text(coalescer.flushIfDue(150 * MS))).isEqualTo(" b");
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
        assertThat(text(coalescer.flushIfDue(1000 * MS))).isNull();
    }

    @Test
    void aChangeOfChannelSendsWhatIsBufferedOfTheOtherFirst() {
        assertThat(coalescer.add("r1", true, 0)).isEqualTo(new DeltaCoalescer.Piece("r1", true));
        assertThat(coalescer.add(" r2", true, 10 * MS)).isNull();
        assertThat(coalescer.add("Answer", false, 20 * MS)).isEqualTo(new DeltaCoalescer.Piece(" r2", true));
        assertThat(coalescer.flushIfDue(160 * MS)).isNull();
        assertThat(coalescer.flushIfDue(170 * MS)).isEqualTo(new DeltaCoalescer.Piece("Answer", false));
    }

    @Test
    void aSlowStreamSendsEveryTokenAsItComes() {
        Run run = stream(5, 300);
        assertThat(run.deltas).isEqualTo(300);
        assertThat(run.maxWaitNanos).isZero();
    }

    @Test
    void aStreamOf40TokensPerSecondSendsADeltaPerFourTokens() {
        Run run = stream(40, 300);
        // 1 + 299 / 4 = 76 deltas; with ReplyStarted and the completion 78 records for 300 tokens = 0.26 per token
        assertThat(run.deltas).isBetween(75, 77);
        assertThat((run.deltas + 2) / 300.0).isLessThanOrEqualTo(0.4);
        assertThat(run.maxWaitNanos).isLessThanOrEqualTo(75 * MS);
    }

    @Test
    void aFastStreamSendsADeltaPerMinInterval() {
        Run run = stream(200, 300); // 1.5 s of tokens
        assertThat(run.deltas).isBetween(29, 32);
        assertThat(run.maxWaitNanos).isLessThanOrEqualTo(50 * MS);
    }

    @Test
    void noTokenWaitsLongerThanTheMaxIntervalWhateverTheRate() {
        for (int rate : new int[] {3, 7, 10, 13, 19, 27, 40, 55, 80, 200, 1000}) {
            Run run = stream(rate, 200);
            assertThat(run.text).as("rate %d", rate).isEqualTo(tokens(200));
            assertThat(run.maxWaitNanos).as("rate %d", rate).isLessThanOrEqualTo(150 * MS);
        }
    }

    // ------------------------------------------------------------------ a stream with the caller's timer

    private record Run(int deltas, long maxWaitNanos, String text) {
    }

    /**
     * Feeds {@code count} tokens at {@code rate} per second to a fresh coalescer with the default settings, firing
     * the flush timer as the generation does ({@link DeltaCoalescer#nanosUntilDue} after each token), and measures
     * how long each token waited from its arrival to the delta that carried it.
     */
    private static Run stream(int rate, int count) {
        DeltaCoalescer c = coalescer(1024);
        long gap = 1_000_000_000L / rate;
        Deque<Long> waiting = new ArrayDeque<>();
        var sent = new StringBuilder();
        int deltas = 0;
        long maxWait = 0;
        long timerAt = -1;
        for (int i = 0; i <= count; i++) {
            long now = i * gap;
            while (timerAt >= 0 && timerAt <= now) { // the timer fires before the next token arrives
                long at = timerAt;
                timerAt = -1;
                DeltaCoalescer.Piece piece = c.flushIfDue(at);
                if (piece != null) {
                    sent.append(piece.text());
                    deltas++;
                    maxWait = Math.max(maxWait, releaseAll(waiting, at));
                } else if (c.hasPending()) {
                    timerAt = at + Math.max(c.nanosUntilDue(at), 1);
                }
            }
            if (i == count) {
                break;
            }
            waiting.add(now);
            DeltaCoalescer.Piece piece = c.add(i == 0 ? "t0" : " t" + i, false, now);
            if (piece != null) {
                sent.append(piece.text());
                deltas++;
                maxWait = Math.max(maxWait, releaseAll(waiting, now));
            }
            if (c.hasPending()) {
                timerAt = now + Math.max(c.nanosUntilDue(now), 1);
            }
        }
        DeltaCoalescer.Piece rest = c.drain(count * gap);
        if (rest != null) {
            sent.append(rest.text());
            deltas++;
        }
        return new Run(deltas, maxWait, sent.toString());
    }

    private static long releaseAll(Deque<Long> waiting, long now) {
        long oldest = waiting.isEmpty() ? now : waiting.getFirst();
        waiting.clear();
        return now - oldest;
    }

    private static String tokens(int count) {
        var text = new StringBuilder("t0");
        for (int i = 1; i < count; i++) {
            text.append(" t").append(i);
        }
        return text.toString();
    }

    private static String text(DeltaCoalescer.Piece piece) {
        assertThat(piece == null || !piece.reasoning()).isTrue();
        return piece == null ? null : piece.text();
    }
}
