package com.t3chat.bench;

import java.util.concurrent.CountDownLatch;

/**
 * One followed stream's progress while it runs, for a phase that holds many streams open at once: whether it opened,
 * when its first delta came, how many deltas, its longest gap. Written by the one thread that reads the stream; the
 * phase reads {@link #firstDeltaSeen()} while it runs and the rest once the stream's task is done. Every gap between
 * two deltas also goes into a histogram the phase's streams share (no list of every gap is kept).
 */
final class StreamProgress {

    private final Latencies sharedGaps;
    private final CountDownLatch firstDeltas;
    private volatile boolean opened;
    private volatile boolean firstDeltaSeen;
    private long lastDelta;
    private long deltas;
    private long maxGapNanos;

    /**
     * @param sharedGaps  every gap between two deltas of this stream is recorded there
     * @param firstDeltas counted down once, at this stream's first delta
     */
    StreamProgress(Latencies sharedGaps, CountDownLatch firstDeltas) {
        this.sharedGaps = sharedGaps;
        this.firstDeltas = firstDeltas;
    }

    /** The answer is a stream (events are being read). */
    void opened() {
        opened = true;
    }

    /** A delta (a piece of the reply's text) was parsed at {@code now} ({@link System#nanoTime()}). */
    void delta(long now) {
        if (deltas++ == 0) {
            firstDeltaSeen = true;
            firstDeltas.countDown();
        } else {
            long gap = now - lastDelta;
            sharedGaps.recordNanos(gap);
            maxGapNanos = Math.max(maxGapNanos, gap);
        }
        lastDelta = now;
    }

    boolean isOpened() {
        return opened;
    }

    boolean firstDeltaSeen() {
        return firstDeltaSeen;
    }

    long deltas() {
        return deltas;
    }

    long maxGapNanos() {
        return maxGapNanos;
    }
}
