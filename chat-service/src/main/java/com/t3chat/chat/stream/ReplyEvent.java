package com.t3chat.chat.stream;

import com.t3chat.contracts.llm.Usage;

/** What a stream subscriber receives for one reply: deltas, then exactly one {@link Done} or {@link Failed}. */
sealed interface ReplyEvent {

    record Delta(long seq, String text) implements ReplyEvent {
    }

    /** The chat got a generated title (sent once, after the first reply's text). */
    record Titled(String title) implements ReplyEvent {
    }

    record Done(String finishReason, Usage usage) implements ReplyEvent {
    }

    record Failed(String reason) implements ReplyEvent {
    }
}
