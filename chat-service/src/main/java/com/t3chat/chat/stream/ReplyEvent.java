package com.t3chat.chat.stream;

import com.t3chat.contracts.llm.Usage;
import java.time.Instant;

/**
 * What a stream subscriber receives for one reply: reasoning and text pieces (numbered in one sequence), then exactly
 * one {@link Done} or {@link Failed}.
 */
sealed interface ReplyEvent {

    /** A piece of the answer text. */
    record Delta(long seq, String text) implements ReplyEvent {
    }

    /** A piece of a reasoning model's thinking. */
    record Reasoning(long seq, String text) implements ReplyEvent {
    }

    /** The reply's request waits for the model service to pick it up (sent first, to a stream of such a reply). */
    record Waiting(Instant since) implements ReplyEvent {
    }

    /** A generator picked the reply up: its model is starting. */
    record Started() implements ReplyEvent {
    }

    /** The chat got a generated title (sent once, after the first reply's text). */
    record Titled(String title) implements ReplyEvent {
    }

    /**
     * @param model  the model that wrote the reply
     * @param notice something the reader should know about how the reply was made, or null
     */
    record Done(String finishReason, Usage usage, String model, String notice) implements ReplyEvent {
    }

    record Failed(String reason) implements ReplyEvent {
    }

    /**
     * The reply's pieces through {@code throughSeq} are not sent: they are no longer kept in memory while the reply
     * is written (its buffer's bound); the stored reply has them once it ends.
     */
    record Truncated(long throughSeq) implements ReplyEvent {
    }

    /** The sequence number of a piece, or 0 for the events that have none. */
    static long seqOf(ReplyEvent event) {
        return switch (event) {
            case Delta delta -> delta.seq();
            case Reasoning reasoning -> reasoning.seq();
            default -> 0;
        };
    }
}
