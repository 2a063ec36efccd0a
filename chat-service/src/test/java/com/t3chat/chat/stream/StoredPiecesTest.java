package com.t3chat.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoredPiecesTest {

    // seq 1-2 thinking "Think" + "ing", seq 3-4 answer "An" + "swer"
    private static final Integer[] TEXT_ENDS = {0, 0, 2, 6};
    private static final Integer[] REASONING_ENDS = {5, 8, 8, 8};

    @Test
    void fromTheStartTheReasoningComesAsOnePieceThenTheAnswer() {
        assertThat(after(0))
                .containsExactly(new ReplyEvent.Reasoning(2, "Thinking"), new ReplyEvent.Delta(4, "Answer"));
    }

    @Test
    void afterAReasoningPieceTheRestOfTheReasoningThenTheAnswer() {
        assertThat(after(1)).containsExactly(new ReplyEvent.Reasoning(2, "ing"), new ReplyEvent.Delta(4, "Answer"));
    }

    @Test
    void afterTheLastReasoningPieceOnlyTheAnswer() {
        assertThat(after(2)).containsExactly(new ReplyEvent.Delta(4, "Answer"));
    }

    @Test
    void afterATextPieceOnlyTheRestOfTheAnswer() {
        assertThat(after(3)).containsExactly(new ReplyEvent.Delta(4, "swer"));
        assertThat(after(4)).isEmpty();
        assertThat(after(99)).isEmpty();
    }

    @Test
    void interleavedChannelsComeAsRunsEachNumberedByItsLastSeq() {
        // thinking "ab", answer "X", thinking "c", an empty piece, answer "Y"
        Integer[] text = {0, 0, 1, 1, 1, 2};
        Integer[] reasoning = {1, 2, 2, 3, 3, 3};
        assertThat(StoredPieces.after("XY", "abc", text, reasoning, 0)).containsExactly(
                new ReplyEvent.Reasoning(2, "ab"), new ReplyEvent.Delta(3, "X"), new ReplyEvent.Reasoning(5, "c"),
                new ReplyEvent.Delta(6, "Y"));
        assertThat(StoredPieces.after("XY", "abc", text, reasoning, 3)).containsExactly(
                new ReplyEvent.Reasoning(5, "c"), new ReplyEvent.Delta(6, "Y"));
    }

    @Test
    void aReplyWithoutReasoningIsOneDeltaAsBefore() {
        assertThat(StoredPieces.after("one two three", null, new Integer[] {4, 8, 13}, null, 2))
                .containsExactly(new ReplyEvent.Delta(3, "three"));
    }

    @Test
    void unknownBoundariesGiveTheWholeReplyOnlyFromTheStart() {
        assertThat(StoredPieces.after("Answer", "Thinking", null, null, 0))
                .containsExactly(new ReplyEvent.Reasoning(0, "Thinking"), new ReplyEvent.Delta(1, "Answer"));
        assertThat(StoredPieces.after("Answer", "Thinking", null, null, 3)).isEmpty();
    }

    private static List<ReplyEvent> after(long seq) {
        return StoredPieces.after("Answer", "Thinking", TEXT_ENDS, REASONING_ENDS, seq);
    }
}
