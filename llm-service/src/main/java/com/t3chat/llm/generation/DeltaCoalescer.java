package com.t3chat.llm.generation;

import java.time.Duration;

/**
 * Turns a stream of tokens into few, timely deltas. A token goes out at once when no delta went out in the last
 * {@code interval} — so the first token of a reply is never held back, nor is a token after a pause — otherwise
 * it is buffered until {@code interval} after the previous delta, or until the buffer holds {@code maxChars}.
 * At most one delta per interval per reply, and no token waits longer than the interval.
 *
 * <p>A piece is either answer text or reasoning (a model's thinking), never both: when the channel changes, what
 * is buffered of the other channel leaves at once, so pieces keep the order of the tokens.
 *
 * <p>Pure and not thread-safe: the caller serialises calls and supplies the time (nanoseconds, monotonic),
 * and runs a timer for {@link #nanosUntilDue(long)} so that buffered text leaves even when no token follows.
 */
final class DeltaCoalescer {

    private final long intervalNanos;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    private boolean bufferIsReasoning;
    private boolean sentAny;
    private long lastSentAt;

    DeltaCoalescer(Duration interval, int maxChars) {
        this.intervalNanos = interval.toNanos();
        this.maxChars = maxChars;
    }

    /** A delta's content: answer text, or reasoning. */
    record Piece(String text, boolean reasoning) {
    }

    /** Adds a token; answers the piece to send now, or null if it is buffered. */
    Piece add(String token, boolean reasoning, long now) {
        if (!buffer.isEmpty() && reasoning != bufferIsReasoning) {
            Piece other = take(now); // the other channel leaves first; this token waits for the next interval
            bufferIsReasoning = reasoning;
            buffer.append(token);
            return other;
        }
        bufferIsReasoning = reasoning;
        buffer.append(token);
        return isDue(now) || buffer.length() >= maxChars ? take(now) : null;
    }

    /** The buffered piece if it is due by now, else null. */
    Piece flushIfDue(long now) {
        return buffer.isEmpty() || !isDue(now) ? null : take(now);
    }

    /** The buffered text regardless of time (the reply ends), or null if nothing is buffered. */
    Piece drain(long now) {
        return buffer.isEmpty() ? null : take(now);
    }

    boolean hasPending() {
        return !buffer.isEmpty();
    }

    /** How long until the buffered text is due (0 if it is). */
    long nanosUntilDue(long now) {
        return sentAny ? Math.max(0, lastSentAt + intervalNanos - now) : 0;
    }

    private boolean isDue(long now) {
        return !sentAny || now - lastSentAt >= intervalNanos;
    }

    private Piece take(long now) {
        var piece = new Piece(buffer.toString(), bufferIsReasoning);
        buffer.setLength(0);
        sentAny = true;
        lastSentAt = now;
        return piece;
    }
}
