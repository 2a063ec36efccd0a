package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.PromptMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A short title for a chat, made after its first reply from the question that opened it: its first words, tidied
 * (no trailing punctuation, capitalised, at most {@value #MAX_WORDS} words or {@value #MAX_CHARS} characters).
 * Cheap and instant for every model; a model-written title can replace it later without changing the event.
 */
final class ChatTitles {

    static final int MAX_WORDS = 6;
    static final int MAX_CHARS = 60;

    private ChatTitles() {
    }

    /** A title if {@code history} is a chat's opening (one question, no answer yet), else empty. */
    static Optional<String> forFirstReply(List<PromptMessage> history) {
        if (history == null) {
            return Optional.empty();
        }
        List<PromptMessage> turns = history.stream().filter(m -> !PromptMessage.SYSTEM.equals(m.role())).toList();
        if (turns.size() != 1 || !PromptMessage.USER.equals(turns.getFirst().role())) {
            return Optional.empty();
        }
        return titleOf(turns.getFirst().content());
    }

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
