package com.t3chat.chat.chat;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A short title for a chat, made after its first reply from the question that opened it: its first words, tidied
 * (no trailing punctuation, capitalised, at most {@value #MAX_WORDS} words or {@value #MAX_CHARS} characters).
 * Cheap and instant for every model; made here, where the question is stored (it was llm-service's until the
 * conversation travelled as events).
 */
final class ChatTitles {

    static final int MAX_WORDS = 6;
    static final int MAX_CHARS = 60;

    private ChatTitles() {
    }

    /** The title for a chat opened by {@code question}, or empty when it has no words. */
    static Optional<String> titleOf(String question) {
        String[] words = question == null ? new String[0] : question.strip().split("\\s+");
        String title = Arrays.stream(words).limit(MAX_WORDS).collect(Collectors.joining(" "))
                .replaceAll("[\\p{Punct}\\s]+$", "");
        if (title.length() > MAX_CHARS) {
            title = title.substring(0, MAX_CHARS).strip() + "…";
        }
        if (title.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Character.toUpperCase(title.charAt(0)) + title.substring(1));
    }
}
