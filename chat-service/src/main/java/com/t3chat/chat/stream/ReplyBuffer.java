package com.t3chat.chat.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * A reply's text and reasoning so far, kept by this replica only while someone may resume it (see
 * {@link LiveReplies}), and the live events for its subscribers. Pieces are kept in sequence: one that arrives ahead
 * of a missing one (a rebuild from the topic still reading while live deltas arrive) waits until the gap is filled.
 * A subscriber gets what it has not seen rebuilt from the kept pieces, one piece per run of a channel (as
 * {@link StoredPieces}), then the live events after them; nothing is replayed event by event. At most
 * {@code maxBytes} are kept: beyond that the oldest pieces go, and a subscriber that resumes before the kept tail is
 * told so ({@link ReplyEvent.Truncated}) before it gets the tail.
 */
final class ReplyBuffer {

    /** Events a subscriber may fall behind by; a slower one is ended with an error and resumes from its last id. */
    static final int MAX_BEHIND = 4096;
    private static final long PIECE_OVERHEAD = 48;

    private final UUID replyId;
    private final long maxBytes;
    private final AtomicLong allBuffers;
    private final ArrayDeque<Piece> pieces = new ArrayDeque<>();
    private final TreeMap<Long, Piece> ahead = new TreeMap<>();
    private final Sinks.Many<ReplyEvent> live = Sinks.many().multicast().directBestEffort();
    private long nextSeq = 1;
    private long droppedThrough;
    private long textChars;
    private long reasoningChars;
    private long bytes;
    private boolean started;
    private ReplyEvent terminal;
    private boolean evicted;
    private int subscribers;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile long keepUntilNanos = System.nanoTime();

    /** @param allBuffers the bytes of every buffer of this replica, kept up to date by this one */
    ReplyBuffer(UUID replyId, long maxBytes, AtomicLong allBuffers) {
        this.replyId = replyId;
        this.maxBytes = maxBytes;
        this.allBuffers = allBuffers;
    }

    UUID replyId() {
        return replyId;
    }

    /** A delta (answer text, or thinking when {@code thinking} is not null); a duplicate is ignored. */
    synchronized void onDelta(long seq, String text, String thinking) {
        if (terminal != null || evicted || seq < nextSeq || ahead.containsKey(seq)) {
            return;
        }
        Piece piece = thinking != null ? new Piece(seq, true, thinking) : new Piece(seq, false, text == null ? "" : text);
        grow(piece.bytes());
        if (seq > nextSeq) {
            ahead.put(seq, piece);
        } else {
            append(piece);
            for (Piece next = ahead.remove(nextSeq); next != null; next = ahead.remove(nextSeq)) {
                append(next);
            }
        }
        dropHeadBeyondBound();
    }

    private void append(Piece piece) {
        pieces.addLast(piece);
        nextSeq = piece.seq() + 1;
        if (piece.thinking()) {
            reasoningChars += piece.text().length();
        } else {
            textChars += piece.text().length();
        }
        live.tryEmitNext(piece.event());
    }

    private void dropHeadBeyondBound() {
        while (bytes > maxBytes && pieces.size() > 1) {
            Piece oldest = pieces.pollFirst();
            droppedThrough = oldest.seq();
            grow(-oldest.bytes());
        }
        // pieces waiting behind a gap that does not fill: the newest go (the reply's end makes the text whole)
        while (bytes > maxBytes && !ahead.isEmpty()) {
            grow(-ahead.pollLastEntry().getValue().bytes());
        }
    }

    /** A generator claimed the reply: subscribers learn that it no longer waits (once). */
    synchronized void onStarted() {
        if (terminal == null && !started) {
            started = true;
            live.tryEmitNext(new ReplyEvent.Started());
        }
    }

    /** Passes a non-delta event (e.g. the chat's new title) to the subscribers attached now. */
    synchronized void onEvent(ReplyEvent event) {
        if (terminal == null) {
            live.tryEmitNext(event);
        }
    }

    /**
     * Ends the reply. If this buffer misses the end of {@code fullReasoning} or of {@code fullText} (deltas this
     * replica did not see), subscribers get it as one last piece each, so that both are whole before the end event.
     * The text piece is numbered {@code lastSeq}; a reasoning piece before it takes the first seq missed here, so
     * that a client resuming after the reasoning piece still gets the text piece.
     */
    synchronized void end(ReplyEvent end, String fullText, String fullReasoning, long lastSeq) {
        end(end, fullText, fullReasoning, lastSeq, List.of());
    }

    /** As {@link #end(ReplyEvent, String, String, long)}, with events (the chat's new title) after the text, before the end. */
    synchronized void end(ReplyEvent end, String fullText, String fullReasoning, long lastSeq,
            List<ReplyEvent> beforeEnd) {
        if (terminal != null) {
            return;
        }
        long next = nextSeq;
        String reasoningRest = missingEnd(true, reasoningChars, fullReasoning);
        String textRest = missingEnd(false, textChars, fullText);
        if (reasoningRest != null) {
            long seq = textRest == null ? Math.max(lastSeq, next) : next;
            append(new Piece(seq, true, reasoningRest));
            next = seq + 1;
        }
        if (textRest != null) {
            append(new Piece(Math.max(lastSeq, next), false, textRest));
        }
        beforeEnd.forEach(live::tryEmitNext);
        terminal = end;
        live.tryEmitNext(end);
        live.tryEmitComplete();
        release();
    }

    /** What {@code full} has beyond what this buffer saw, or null if nothing (or if they disagree). */
    private String missingEnd(boolean thinking, long seen, String full) {
        if (full == null || full.length() <= seen) {
            return null;
        }
        String kept = kept(thinking);
        return full.startsWith(kept, (int) (seen - kept.length())) ? full.substring((int) seen) : null;
    }

    /**
     * Attaches a subscriber that has seen the reply up to {@code afterSeq}: the rest rebuilt from the kept pieces,
     * then the live events. Null if this buffer is gone meanwhile (evicted, or the reply ended and is stored): the
     * caller looks again.
     */
    synchronized Flux<ReplyEvent> attach(long afterSeq) {
        if (evicted || terminal != null) {
            return null;
        }
        lastUsedNanos = System.nanoTime();
        Sinks.Many<ReplyEvent> mine = Sinks.many().unicast().onBackpressureBuffer(Queues.<ReplyEvent>get(MAX_BEHIND).get());
        if (afterSeq == 0 && started) {
            mine.tryEmitNext(new ReplyEvent.Started());
        }
        snapshotAfter(afterSeq).forEach(mine::tryEmitNext);
        subscribers++;
        Disposable relay = live.asFlux().filter(event -> newTo(event, afterSeq)).subscribe(event -> {
            if (mine.tryEmitNext(event).isFailure()) {
                mine.tryEmitError(new IllegalStateException("subscriber of reply " + replyId + " fell behind"));
            }
        }, mine::tryEmitError, mine::tryEmitComplete);
        return mine.asFlux().doFinally(signal -> {
            relay.dispose();
            left();
        });
    }

    /**
     * Whether a live event is news to a subscriber that has seen up to {@code afterSeq}: pieces after it (a rebuild
     * may still be delivering earlier ones), and the start only to one that saw nothing yet.
     */
    private static boolean newTo(ReplyEvent event, long afterSeq) {
        return event instanceof ReplyEvent.Started ? afterSeq == 0
                : ReplyEvent.seqOf(event) == 0 || ReplyEvent.seqOf(event) > afterSeq;
    }

    private synchronized void left() {
        subscribers--;
        lastUsedNanos = System.nanoTime();
    }

    /**
     * The kept pieces after {@code afterSeq}, one per run of a channel, each numbered with its run's last seq (an
     * empty piece joins the run it is in).
     */
    private List<ReplyEvent> snapshotAfter(long afterSeq) {
        List<ReplyEvent> out = new ArrayList<>();
        if (afterSeq < droppedThrough) {
            out.add(new ReplyEvent.Truncated(droppedThrough));
        }
        StringBuilder run = new StringBuilder();
        Boolean runThinking = null;
        long runEnd = 0;
        for (Piece piece : pieces) {
            if (piece.seq() <= afterSeq) {
                continue;
            }
            if (!piece.text().isEmpty()) {
                if (runThinking != null && runThinking != piece.thinking()) {
                    out.add(new Piece(runEnd, runThinking, run.toString()).event());
                    run.setLength(0);
                }
                runThinking = piece.thinking();
                run.append(piece.text());
            }
            runEnd = piece.seq();
        }
        if (runThinking != null) {
            out.add(new Piece(runEnd, runThinking, run.toString()).event());
        }
        return out;
    }

    private String kept(boolean thinking) {
        StringBuilder out = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece.thinking() == thinking) {
                out.append(piece.text());
            }
        }
        return out.toString();
    }

    /** The text seen so far, if this buffer holds all of it (nothing dropped, nothing missing); else null. */
    synchronized String wholeText() {
        return droppedThrough == 0 && ahead.isEmpty() ? kept(false) : null;
    }

    /** The reasoning seen so far, under the same condition as {@link #wholeText()}. */
    synchronized String wholeReasoning() {
        return droppedThrough == 0 && ahead.isEmpty() ? kept(true) : null;
    }

    /** Keeps this buffer at least until {@code nanos} ({@link System#nanoTime()}), even with no subscriber. */
    void keepUntil(long nanos) {
        keepUntilNanos = Math.max(keepUntilNanos, nanos);
        lastUsedNanos = System.nanoTime();
    }

    /** Whether no one is attached and no one may resume soon: {@code resumeWindow} after the last one left. */
    synchronized boolean idle(long resumeWindowNanos) {
        long now = System.nanoTime();
        return subscribers == 0 && now - keepUntilNanos > 0 && now - lastUsedNanos > resumeWindowNanos;
    }

    /** Whether no one is attached (an evictable buffer when memory is short). */
    synchronized boolean unwatched() {
        return subscribers == 0;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    synchronized int subscribers() {
        return subscribers;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Drops this buffer unless someone attached meanwhile; true if it was dropped. */
    synchronized boolean evictIfUnwatched() {
        if (subscribers > 0 || evicted) {
            return false;
        }
        evicted = true;
        live.tryEmitComplete();
        release();
        return true;
    }

    private void release() {
        pieces.clear();
        ahead.clear();
        grow(-bytes);
    }

    private void grow(long by) {
        bytes += by;
        allBuffers.addAndGet(by);
    }

    private record Piece(long seq, boolean thinking, String text) {

        long bytes() {
            return PIECE_OVERHEAD + 2L * text.length();
        }

        ReplyEvent event() {
            return thinking ? new ReplyEvent.Reasoning(seq, text) : new ReplyEvent.Delta(seq, text);
        }
    }
}
