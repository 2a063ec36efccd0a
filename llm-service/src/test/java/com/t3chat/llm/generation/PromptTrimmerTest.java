package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.PromptMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTrimmerTest {

    /** 40 characters: 10 tokens of text + 4 per message = 14 tokens. */
    private static final String TEXT = "x".repeat(40);

    private static PromptMessage system(String content) {
        return new PromptMessage(PromptMessage.SYSTEM, content);
    }

    private static PromptMessage user(String content) {
        return new PromptMessage(PromptMessage.USER, content);
    }

    private static PromptMessage assistant(String content) {
        return new PromptMessage(PromptMessage.ASSISTANT, content);
    }

    @Test
    void aConversationThatFitsIsKeptWhole() {
        var history = List.of(system(TEXT), user(TEXT), assistant(TEXT), user(TEXT));
        assertThat(PromptTrimmer.trim(history, 56)).isEqualTo(history);
    }

    @Test
    void theOldestTurnsGoFirstAndTheSystemPromptAndLastQuestionStay() {
        var history = List.of(system("rules " + TEXT), user("q1 " + TEXT), assistant("a1 " + TEXT),
                user("q2 " + TEXT), assistant("a2 " + TEXT), user("q3 " + TEXT));
        // the system prompt costs 16 tokens, every other message 15: room for it and three more
        assertThat(PromptTrimmer.trim(history, 16 + 3 * 15))
                .extracting(message -> message.content().substring(0, 2))
                .containsExactly("ru", "q2", "a2", "q3");
    }

    @Test
    void everyLeadingSystemMessageStaysAndCountsAgainstTheWindow() {
        var history = List.of(system("instr " + TEXT), system("rules " + TEXT), user("q1 " + TEXT),
                assistant("a1 " + TEXT), user("q2 " + TEXT), assistant("a2 " + TEXT), user("q3 " + TEXT));
        // the user's instructions and the chat's system prompt cost 16 tokens each, every other message 15
        assertThat(PromptTrimmer.trim(history, 2 * 16 + 3 * 15))
                .extracting(message -> message.content().substring(0, 2))
                .containsExactly("in", "ru", "q2", "a2", "q3");
    }

    @Test
    void anAnswerWhoseQuestionWasDroppedGoesToo() {
        var history = List.of(system(TEXT), user(TEXT), assistant("a1 " + TEXT), user("q2 " + TEXT),
                assistant("a2 " + TEXT), user("q3 " + TEXT));
        // dropping q1 would be enough for the size, but a1 would then open the conversation
        List<PromptMessage> trimmed = PromptTrimmer.trim(history, 6 * 15 - 14);
        assertThat(trimmed).extracting(PromptMessage::role)
                .containsExactly(PromptMessage.SYSTEM, PromptMessage.USER, PromptMessage.ASSISTANT,
                        PromptMessage.USER);
        assertThat(trimmed.get(1).content()).startsWith("q2");
    }

    @Test
    void withoutASystemPromptTheLastQuestionStillStays() {
        var history = List.of(user("q1 " + TEXT), assistant("a1 " + TEXT), user("q2 " + TEXT));
        assertThat(PromptTrimmer.trim(history, 20)).extracting(message -> message.content().substring(0, 2))
                .containsExactly("q2");
    }

    @Test
    void whatMustStayIsKeptEvenIfItIsTooLong() {
        var history = List.of(system(TEXT.repeat(10)), user("q1"), assistant("a1"), user(TEXT.repeat(10)));
        assertThat(PromptTrimmer.trim(history, 10)).containsExactly(history.get(0), history.get(3));
    }

    @Test
    void nothingInNothingOut() {
        assertThat(PromptTrimmer.trim(List.of(), 100)).isEmpty();
        assertThat(PromptTrimmer.trim(null, 100)).isEmpty();
        assertThat(PromptTrimmer.trim(List.of(system(TEXT)), 1)).containsExactly(system(TEXT));
    }
}
