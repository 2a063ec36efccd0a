package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.PromptMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCallsTest {

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
    void theUsersInstructionsComeFirstAsASystemMessageBeforeTheChatsOwn() {
        var history = List.of(system("You are a helpful assistant."), user("Hello?"));
        List<PromptMessage> prompt = ModelCalls.withInstructions(history, "  Answer in French.\n");

        assertThat(prompt).containsExactly(
                system("The user has asked you to follow these instructions in every reply:\nAnswer in French."),
                history.get(0), history.get(1));
        List<ChatMessage> messages = ModelCalls.toChatMessages(prompt, false);
        assertThat(messages.getFirst()).isInstanceOf(SystemMessage.class);
        assertThat(((SystemMessage) messages.getFirst()).text()).endsWith("\nAnswer in French.");
    }

    @Test
    void withoutInstructionsThePromptIsTheConversation() {
        var history = List.of(user("Hello?"));
        assertThat(ModelCalls.withInstructions(history, null)).isEqualTo(history);
        assertThat(ModelCalls.withInstructions(history, " \n ")).isEqualTo(history);
        assertThat(ModelCalls.withInstructions(null, null)).isEmpty();
    }

    @Test
    void theInstructionsAreNeverTrimmedAwayOlderTurnsGoInstead() {
        var history = List.of(user("q1 " + TEXT), assistant("a1 " + TEXT), user("q2 " + TEXT));
        // 15 tokens each: the conversation alone fits in 45
        assertThat(PromptTrimmer.trim(ModelCalls.withInstructions(history, null), 45)).isEqualTo(history);

        List<PromptMessage> trimmed = PromptTrimmer.trim(ModelCalls.withInstructions(history, "Be terse."), 45);
        assertThat(trimmed).extracting(message -> message.content().substring(0, 2))
                .containsExactly("Th", "q2");
        assertThat(trimmed.getFirst().content()).endsWith("Be terse.");
    }
}
