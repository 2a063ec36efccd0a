package com.t3chat.llm.generation;

import java.time.Duration;

/**
 * Turns a stream of tokens into few, timely deltas, adapting to the stream's speed. The first token of a reply goes
 * out at once. After that, buffered tokens leave when at least {@code minInterval} has passed since the previous
 * delta <em>and</em> either {@code targetTokens} are buffered or {@code maxInterval} has passed; they leave at once
 * when the buffer holds {@code maxChars}. So a slow stream (a token every {@code minInterval} or more, and none
 * within {@code maxInterval}) sends every token as it comes, a steady 40 tokens/s stream sends a delta per
 * {@code targetTokens} tokens, a fast one a delta per {@code minInterval}, and no token waits longer than
 * {@code maxInterval}.
 *
 * <p>A piece is either answer text or reasoning (a model's thinking), never both: when the channel changes, what
 * is buffered of the other channel leaves at once, so pieces keep the order of the tokens.
 *
 * <p>Pure and not thread-safe: the caller serialises calls and supplies the time (nanoseconds, monotonic),
 * and runs a timer for {@link #nanosUntilDue(long)} so that buffered text leaves even when no token follows.
 */
final class DeltaCoalescer {

    private final long minIntervalNanos;
    private final long maxIntervalNanos;
    private final int targetTokens;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    private int bufferedTokens;
    private boolean bufferIsReasoning;
    private boolean sentAny;
    private long lastSentAt;

    DeltaCoalescer(Duration minInterval, Duration maxInterval, int targetTokens, int maxChars) {
        if (maxInterval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException("max-interval " + maxInterval + " < min-interval " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
        this.maxIntervalNanos = maxInterval.toNanos();
        this.targetTokens = targetTokens;
        this.maxChars = maxChars;
    }

    DeltaCoalescer(GenerationProperties.Delta delta) {
        this(delta.minInterval(), delta.maxInterval(), delta.targetTokens(), delta.maxChars());
    }

    /** A delta's content: answer text, or reasoning. */
    record Piece(String text, boolean reasoning) {
    }

    /** Adds a token; answers the piece to send now, or null if it is buffered. */
    Piece add(String token, boolean reasoning, long now) {
        if (!buffer.isEmpty() && reasoning != bufferIsReasoning) {
            Piece other = take(now); // the other channel leaves first; this token waits for its turn
            append(token, reasoning);
            return other;
        }
        append(token, reasoning);
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

    /** How long until the buffered text is due (0 if it is); only meaningful while {@link #hasPending()}. */
    long nanosUntilDue(long now) {
        if (!sentAny) {
            return 0;
        }
        long wait = bufferedTokens >= targetTokens ? minIntervalNanos : maxIntervalNanos;
        return Math.max(0, lastSentAt + wait - now);
    }

    private void append(String token, boolean reasoning) {
        bufferIsReasoning = reasoning;
        buffer.append(token);
        bufferedTokens++;
    }

    private boolean isDue(long now) {
        if (!sentAny) {
            return true;
        }
        long since = now - lastSentAt;
        return since >= minIntervalNanos && (bufferedTokens >= targetTokens || since >= maxIntervalNanos);
    }

    private Piece take(long now) {
        var piece = new Piece(buffer.toString(), bufferIsReasoning);
        buffer.setLength(0);
        bufferedTokens = 0;
        sentAny = true;
        lastSentAt = now;
        return piece;
    }
}
