package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.PromptMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTitlesTest {

    @Test
    void theOpeningQuestionGivesAShortTidyTitle() {
        assertThat(ChatTitles.forFirstReply(List.of(new PromptMessage("user", "how do I bake sourdough bread at home?"))))
                .hasValue("How do I bake sourdough bread");
        assertThat(ChatTitles.titleOf("kafka?")).hasValue("Kafka");
        assertThat(ChatTitles.titleOf("x".repeat(100))).get().asString().hasSize(ChatTitles.MAX_CHARS + 1);
    }

    @Test
    void onlyAChatsFirstReplyGetsATitle() {
        assertThat(ChatTitles.forFirstReply(List.of(new PromptMessage("user", "hi"),
                new PromptMessage("assistant", "hello"), new PromptMessage("user", "again")))).isEmpty();
        assertThat(ChatTitles.forFirstReply(List.of(new PromptMessage("system", "be brief"),
                new PromptMessage("user", "first question")))).hasValue("First question");
        assertThat(ChatTitles.forFirstReply(List.of(new PromptMessage("user", "  ?! ")))).isEmpty();
        assertThat(ChatTitles.forFirstReply(null)).isEmpty();
    }
}
