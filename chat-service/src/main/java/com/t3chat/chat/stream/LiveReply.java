package com.t3chat.chat.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One reply as this replica has seen it on the reply topic: its text and reasoning so far, where each delta left both,
 * and the events for subscribers. Any subscriber can resume after any delta: the events are replayed from memory,
 * which is bounded by the reply's length and released soon after it ends.
 */
final class LiveReply {

    private final UUID replyId;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    // index = seq - 1: the length of each channel after that delta (text and reasoning share one sequence)
    private final List<Integer> textEnds = new ArrayList<>();
    private final List<Integer> reasoningEnds = new ArrayList<>();
    private final Sinks.Many<ReplyEvent> events = Sinks.many().replay().all();
    private boolean gap;
    private boolean started;
    private volatile boolean ended;
    private volatile boolean ending;
    private volatile long lastActivityNanos = System.nanoTime();

    LiveReply(UUID replyId) {
        this.replyId = replyId;
    }

    UUID replyId() {
        return replyId;
    }

    /**
     * Appends a delta in sequence — answer text, or thinking when {@code thinking} is not null; a duplicate is
     * ignored, a gap (deltas this replica missed) is remembered.
     */
    synchronized void onDelta(long seq, String piece, String thinking) {
        lastActivityNanos = System.nanoTime();
        if (ended || seq <= textEnds.size() || gap) {
            return;
        }
        if (seq != textEnds.size() + 1) {
            gap = true;
            return;
        }
        if (thinking != null) {
            reasoning.append(thinking);
            events.tryEmitNext(new ReplyEvent.Reasoning(seq, thinking));
        } else {
            String answer = piece == null ? "" : piece;
            text.append(answer);
            events.tryEmitNext(new ReplyEvent.Delta(seq, answer));
        }
        textEnds.add(text.length());
        reasoningEnds.add(reasoning.length());
    }

    /** A generator claimed the reply: subscribers learn that it no longer waits (once). */
    synchronized void onStarted() {
        lastActivityNanos = System.nanoTime();
        if (!ended && !started) {
            started = true;
            events.tryEmitNext(new ReplyEvent.Started());
        }
    }

    /** The reply's end arrived and is being stored: no watchdog may fail it meanwhile. */
    void onEnding() {
        ending = true;
        lastActivityNanos = System.nanoTime();
    }

    boolean ending() {
        return ending;
    }

    /** Whether this replica has seen a generator at work on the reply (its start or any delta). */
    synchronized boolean claimed() {
        return started || gap || !textEnds.isEmpty();
    }

    /** Passes a non-delta event (e.g. the chat's new title) to subscribers, in order with the deltas. */
    synchronized void onEvent(ReplyEvent event) {
        lastActivityNanos = System.nanoTime();
        if (!ended) {
            events.tryEmitNext(event);
        }
    }

    /**
     * Ends the reply. If this replica missed deltas, subscribers get the missing end of {@code fullReasoning} and
     * of {@code fullText} as one last piece each, so that both are whole before the end event. The text piece is
     * numbered {@code lastSeq}; a reasoning piece before it takes the first seq this replica missed, so that a
     * client resuming after the reasoning piece still gets the text piece.
     */
    synchronized void end(ReplyEvent terminal, String fullText, String fullReasoning, long lastSeq) {
        if (ended) {
            return;
        }
        ended = true;
        lastActivityNanos = System.nanoTime();
        long next = textEnds.size() + 1;
        String reasoningRest = missingEnd(reasoning, fullReasoning);
        String textRest = missingEnd(text, fullText);
        if (reasoningRest != null) {
            reasoning.append(reasoningRest);
            long seq = textRest == null ? Math.max(lastSeq, next) : next;
            events.tryEmitNext(new ReplyEvent.Reasoning(seq, reasoningRest));
            next = seq + 1;
            gap = true;
        }
        if (textRest != null) {
            text.append(textRest);
            events.tryEmitNext(new ReplyEvent.Delta(Math.max(lastSeq, next), textRest));
            gap = true;
        }
        events.tryEmitNext(terminal);
        events.tryEmitComplete();
    }

    /** What {@code full} has beyond what this replica saw, or null if nothing (or if they disagree). */
    private static String missingEnd(StringBuilder seen, String full) {
        if (full == null || full.length() <= seen.length() || !full.startsWith(seen.toString())) {
            return null;
        }
        return full.substring(seen.length());
    }

    /**
     * Every event after delta {@code afterSeq} (of either channel), then the live ones, ending with the end event.
     * A client resuming after a delta has seen the reply start: its waiting and started events are not repeated.
     */
    Flux<ReplyEvent> eventsAfter(long afterSeq) {
        return events.asFlux().filter(e -> switch (e) {
            case ReplyEvent.Waiting waiting -> afterSeq == 0;
            case ReplyEvent.Started started -> afterSeq == 0;
            default -> ReplyEvent.seqOf(e) == 0 || ReplyEvent.seqOf(e) > afterSeq;
        });
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized String reasoning() {
        return reasoning.toString();
    }

    /**
     * Where each delta left the text and the reasoning, when this replica saw exactly the deltas that make up
     * {@code finalText} and {@code finalReasoning}; otherwise null (a client resuming from the database then gets
     * the whole reply). The reasoning boundaries are null for a reply without reasoning.
     */
    synchronized Boundaries boundaries(String finalText, String finalReasoning) {
        String fullReasoning = finalReasoning == null ? "" : finalReasoning;
        if (gap || finalText == null || finalText.length() != text.length()
                || fullReasoning.length() != reasoning.length()) {
            return null;
        }
        return new Boundaries(textEnds.toArray(Integer[]::new),
                reasoning.isEmpty() ? null : reasoningEnds.toArray(Integer[]::new));
    }

    record Boundaries(Integer[] text, Integer[] reasoning) {
    }

    boolean ended() {
        return ended;
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }
}
