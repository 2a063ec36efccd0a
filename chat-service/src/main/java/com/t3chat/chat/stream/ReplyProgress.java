package com.t3chat.chat.stream;

import java.util.Arrays;

/**
 * What every replica keeps of a pending reply, watched here or not: how far it got (what the watchdog needs: a claim,
 * the last delta, whether its end is being stored) and the size of each delta, so that whichever replica stores the
 * reply's end also stores where each delta ended (a client resuming from the database then gets exactly the rest).
 * Four bytes per delta, never the text: the text is in a {@link ReplyBuffer}, and only while someone may resume.
 */
final class ReplyProgress {

    private static final int[] NONE = new int[0];

    // index = seq - 1: the delta's length, as ~length (negative) for a reasoning delta
    private int[] sizes = NONE;
    private int count;
    private boolean gap;
    private boolean started;
    private volatile boolean ending;
    private volatile boolean ended;
    private volatile long lastActivityNanos = System.nanoTime();

    /** A delta in sequence; a duplicate is ignored, a gap (deltas this replica missed) is remembered. */
    synchronized void onDelta(long seq, String text, String thinking) {
        lastActivityNanos = System.nanoTime();
        if (ended || seq <= count || gap) {
            return;
        }
        if (seq != count + 1) {
            gap = true;
            return;
        }
        if (count == sizes.length) {
            sizes = Arrays.copyOf(sizes, Math.max(16, count * 2));
        }
        sizes[count++] = thinking != null ? ~thinking.length() : text == null ? 0 : text.length();
    }

    /** A generator claimed the reply; true the first time. */
    synchronized boolean onStarted() {
        lastActivityNanos = System.nanoTime();
        boolean first = !started && !ended;
        started = true;
        return first;
    }

    /** The reply's end arrived and is being stored: no watchdog may fail it meanwhile. */
    void onEnding() {
        ending = true;
        lastActivityNanos = System.nanoTime();
    }

    /** The reply's end is stored: from now on this is a tombstone, sending late subscribers to the database. */
    void onEnded() {
        ended = true;
        lastActivityNanos = System.nanoTime();
    }

    boolean ending() {
        return ending;
    }

    boolean ended() {
        return ended;
    }

    /** Whether this replica has seen a generator at work on the reply (its start or any delta). */
    synchronized boolean claimed() {
        return started || gap || count > 0;
    }

    /** The last delta seen in sequence (0: none). */
    synchronized long lastSeq() {
        return count;
    }

    /** Whether deltas were missed here (this replica started after them): what it saw is not the whole reply. */
    synchronized boolean gap() {
        return gap;
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /**
     * Where each delta left the text and the reasoning, when this replica saw exactly the deltas that make up
     * {@code finalText} and {@code finalReasoning}; otherwise null (a client resuming from the database then gets
     * the whole reply). The reasoning boundaries are null for a reply without reasoning.
     */
    synchronized Boundaries boundaries(String finalText, String finalReasoning) {
        if (gap || finalText == null) {
            return null;
        }
        Integer[] textEnds = new Integer[count];
        Integer[] reasoningEnds = new Integer[count];
        int text = 0;
        int reasoning = 0;
        for (int i = 0; i < count; i++) {
            if (sizes[i] < 0) {
                reasoning += ~sizes[i];
            } else {
                text += sizes[i];
            }
            textEnds[i] = text;
            reasoningEnds[i] = reasoning;
        }
        int fullReasoning = finalReasoning == null ? 0 : finalReasoning.length();
        if (text != finalText.length() || reasoning != fullReasoning) {
            return null;
        }
        return new Boundaries(textEnds, reasoning == 0 ? null : reasoningEnds);
    }

    record Boundaries(Integer[] text, Integer[] reasoning) {
    }
}
