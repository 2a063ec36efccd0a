package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.llm.model.Tokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a conversation into a model's context window by dropping its oldest turns. The leading {@code system}
 * messages (the user's custom instructions, the chat's system prompt) and the last user message (with anything after
 * it) always stay, and count against the window; in between, turns are dropped from the oldest until the estimate
 * fits, and a leading assistant turn left without its question is dropped too, so that what remains starts with a
 * user turn. If the kept messages alone are too long they are still sent whole: the provider then answers with its
 * own, clearer error.
 */
final class PromptTrimmer {

    /** What a message costs beyond its text (role and separators), as providers count it roughly. */
    static final int TOKENS_PER_MESSAGE = Tokens.PER_MESSAGE;

    private PromptTrimmer() {
    }

    static List<PromptMessage> trim(List<PromptMessage> history, int maxInputTokens) {
        if (history == null || history.isEmpty()) {
            return List.of();
        }
        int start = 0;
        while (start < history.size() && PromptMessage.SYSTEM.equals(history.get(start).role())) {
            start++;
        }
        int tail = lastUserIndex(history, start);
        List<PromptMessage> head = history.subList(0, start);
        List<PromptMessage> middle = new ArrayList<>(history.subList(start, tail));
        List<PromptMessage> end = history.subList(tail, history.size());

        long total = cost(head) + cost(middle) + cost(end);
        int dropped = 0;
        while (dropped < middle.size() && total > maxInputTokens) {
            total -= cost(middle.get(dropped++));
        }
        if (dropped == 0) {
            return List.copyOf(history);
        }
        while (dropped < middle.size() && !PromptMessage.USER.equals(middle.get(dropped).role())) {
            dropped++; // an answer whose question is gone
        }
        List<PromptMessage> trimmed = new ArrayList<>(head);
        trimmed.addAll(middle.subList(dropped, middle.size()));
        trimmed.addAll(end);
        return List.copyOf(trimmed);
    }

    /** The estimated prompt size of these messages, in tokens. */
    static long cost(List<PromptMessage> messages) {
        return messages.stream().mapToLong(PromptTrimmer::cost).sum();
    }

    private static long cost(PromptMessage message) {
        return Tokens.ofMessage(message.content());
    }

    private static int lastUserIndex(List<PromptMessage> history, int start) {
        for (int i = history.size() - 1; i >= start; i--) {
            if (PromptMessage.USER.equals(history.get(i).role())) {
                return i;
            }
        }
        return history.size() - 1 >= start ? history.size() - 1 : start;
    }
}
