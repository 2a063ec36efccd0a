package com.t3chat.chat.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of a finished reply after a given delta, rebuilt from its stored text, reasoning and boundaries: one
 * piece per run of consecutive deltas of the same channel (normally one reasoning piece, then one text piece), each
 * numbered with the last seq of its run, so that a client resuming after any of them gets exactly the rest. When
 * the boundaries are unknown only a client starting from the beginning gets the reply (the reasoning piece then has
 * seq 0, i.e. no id: a client that reconnects after it starts over).
 */
final class StoredPieces {

    private StoredPieces() {
    }

    static List<ReplyEvent> after(String text, String reasoning, Integer[] textEnds, Integer[] reasoningEnds,
            long afterSeq) {
        String thinking = reasoning == null ? "" : reasoning;
        boolean known = textEnds != null
                && (reasoningEnds == null ? thinking.isEmpty() : reasoningEnds.length == textEnds.length);
        if (!known) {
            return afterSeq > 0 ? List.of() : whole(text, thinking);
        }
        Channel answer = new Channel(text, textEnds);
        Channel thought = new Channel(thinking, reasoningEnds == null ? new Integer[textEnds.length] : reasoningEnds);
        int last = textEnds.length;
        int runFrom = (int) Math.min(afterSeq, last);
        Boolean thinkingRun = null;
        List<ReplyEvent> pieces = new ArrayList<>();
        for (int seq = runFrom + 1; seq <= last; seq++) {
            boolean thinks = thought.grewAt(seq);
            if (!thinks && !answer.grewAt(seq)) {
                continue; // an empty piece joins the run it is in
            }
            if (thinkingRun != null && thinkingRun != thinks) {
                pieces.add(piece(thinkingRun ? thought : answer, thinkingRun, runFrom, seq - 1));
                runFrom = seq - 1;
            }
            thinkingRun = thinks;
        }
        if (thinkingRun != null) {
            pieces.add(piece(thinkingRun ? thought : answer, thinkingRun, runFrom, last));
        }
        return pieces;
    }

    private static ReplyEvent piece(Channel channel, boolean thinking, int afterSeq, int throughSeq) {
        String content = channel.between(afterSeq, throughSeq);
        return thinking ? new ReplyEvent.Reasoning(throughSeq, content) : new ReplyEvent.Delta(throughSeq, content);
    }

    /** The whole reply when its boundaries are unknown. */
    private static List<ReplyEvent> whole(String text, String thinking) {
        List<ReplyEvent> pieces = new ArrayList<>();
        if (!thinking.isEmpty()) {
            pieces.add(new ReplyEvent.Reasoning(0, thinking));
        }
        if (!text.isEmpty()) {
            pieces.add(new ReplyEvent.Delta(1, text));
        }
        return pieces;
    }

    /** One channel (text or reasoning) and its length after each delta (index = seq - 1; null = nothing yet). */
    private record Channel(String content, Integer[] ends) {

        int at(int seq) {
            return seq == 0 || ends[seq - 1] == null ? 0 : ends[seq - 1];
        }

        boolean grewAt(int seq) {
            return at(seq) > at(seq - 1);
        }

        String between(int afterSeq, int throughSeq) {
            return content.substring(at(afterSeq), at(throughSeq));
        }
    }
}
