package com.t3chat.chat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatTitlesTest {

    @Test
    void theOpeningQuestionGivesAShortTidyTitle() {
        assertThat(ChatTitles.titleOf("how do I bake sourdough bread at home?")).hasValue("How do I bake sourdough bread");
        assertThat(ChatTitles.titleOf("kafka?")).hasValue("Kafka");
        assertThat(ChatTitles.titleOf("x".repeat(100))).get().asString().hasSize(ChatTitles.MAX_CHARS + 1);
    }

    @Test
    void aQuestionWithoutWordsGivesNoTitle() {
        assertThat(ChatTitles.titleOf("  ?! ")).isEmpty();
        assertThat(ChatTitles.titleOf("")).isEmpty();
        assertThat(ChatTitles.titleOf(null)).isEmpty();
    }
}
