package com.t3chat.llm.model;

/** Token counts where no tokenizer is at hand: about four characters per token, as for English text. */
public final class Tokens {

    /** What a message costs in a prompt beyond its text (role and separators), as providers count it roughly. */
    public static final int PER_MESSAGE = 4;

    private Tokens() {
    }

    /** The estimated token count of {@code text} (0 for null or empty). */
    public static long estimate(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    /** The estimated prompt cost of one message with this text: its text plus {@link #PER_MESSAGE}. */
    public static long ofMessage(String text) {
        return estimate(text) + PER_MESSAGE;
    }
}
