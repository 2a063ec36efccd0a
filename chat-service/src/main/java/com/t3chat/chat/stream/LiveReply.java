package com.t3chat.chat.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One reply as this replica has seen it on the reply topic: its text so far, where each delta ended, and the
 * events for subscribers. Any subscriber can resume after any delta: the events are replayed from memory, which
 * is bounded by the reply's length and released soon after it ends.
 */
final class LiveReply {

    private final UUID replyId;
    private final StringBuilder text = new StringBuilder();
    private final List<Integer> deltaEnds = new ArrayList<>();
    private final Sinks.Many<ReplyEvent> events = Sinks.many().replay().all();
    private boolean gap;
    private volatile boolean ended;
    private volatile long lastActivityNanos = System.nanoTime();

    LiveReply(UUID replyId) {
        this.replyId = replyId;
    }

    UUID replyId() {
        return replyId;
    }

    /** Appends a delta in sequence; a duplicate is ignored, a gap (deltas this replica missed) is remembered. */
    synchronized void onDelta(long seq, String piece) {
        lastActivityNanos = System.nanoTime();
        if (ended || seq <= deltaEnds.size() || gap) {
            return;
        }
        if (seq != deltaEnds.size() + 1) {
            gap = true;
            return;
        }
        text.append(piece);
        deltaEnds.add(text.length());
        events.tryEmitNext(new ReplyEvent.Delta(seq, piece));
    }

    /** Passes a non-delta event (e.g. the chat's new title) to subscribers, in order with the deltas. */
    synchronized void onEvent(ReplyEvent event) {
        lastActivityNanos = System.nanoTime();
        if (!ended) {
            events.tryEmitNext(event);
        }
    }

    /**
     * Ends the reply. If this replica missed deltas, subscribers get the missing end of {@code fullText} as one last
     * delta numbered {@code lastSeq}, so that their text is whole before the end event.
     */
    synchronized void end(ReplyEvent terminal, String fullText, long lastSeq) {
        if (ended) {
            return;
        }
        ended = true;
        lastActivityNanos = System.nanoTime();
        if (fullText != null && fullText.length() > text.length() && fullText.startsWith(text.toString())) {
            String rest = fullText.substring(text.length());
            text.append(rest);
            long seq = Math.max(lastSeq, deltaEnds.size() + 1);
            events.tryEmitNext(new ReplyEvent.Delta(seq, rest));
            gap = true;
        }
        events.tryEmitNext(terminal);
        events.tryEmitComplete();
    }

    /** Every event after delta {@code afterSeq}, then the live ones, ending with the end event. */
    Flux<ReplyEvent> eventsAfter(long afterSeq) {
        return events.asFlux().filter(e -> !(e instanceof ReplyEvent.Delta delta) || delta.seq() > afterSeq);
    }

    synchronized String text() {
        return text.toString();
    }

    /** Where each delta ended in the text, or null if this replica did not see every delta in order. */
    synchronized Integer[] deltaEnds() {
        return gap ? null : deltaEnds.toArray(Integer[]::new);
    }

    boolean ended() {
        return ended;
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }
}
