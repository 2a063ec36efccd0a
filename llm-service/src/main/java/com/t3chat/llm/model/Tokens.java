package com.t3chat.llm.model;

/** Token counts where no tokenizer is at hand: about four characters per token, as for English text. */
public final class Tokens {

    private Tokens() {
    }

    /** The estimated token count of {@code text} (0 for null or empty). */
    public static long estimate(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}
