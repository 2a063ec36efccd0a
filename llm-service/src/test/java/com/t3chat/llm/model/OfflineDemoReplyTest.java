package com.t3chat.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfflineDemoReplyTest {

    @Test
    void itSaysThatNoProviderIsConfiguredHowToAddOneAndQuotesTheQuestion() {
        var reply = OfflineDemoReply.answer("How do I bake bread?\nQuickly, please.", 2048);
        assertThat(reply.text())
                .startsWith("**No AI provider is configured**")
                .contains("offline/demo", "API key", "OPENAI_API_KEY", "key vault")
                .contains("> How do I bake bread?\n> Quickly, please.\n")
                .contains("is a statement of 7 words and 37 characters (about 10 tokens)");
        assertThat(reply.truncated()).isFalse();
    }

    @Test
    void itTellsQuestionsRequestsAndStatementsApart() {
        assertThat(OfflineDemoReply.answer("Why is the sky blue?", 2048).text()).contains("is a question of 5 words");
        assertThat(OfflineDemoReply.answer("Explain DNS", 2048).text()).contains("is a request of 2 words");
        assertThat(OfflineDemoReply.answer("Nice day", 2048).text()).contains("is a statement of 2 words");
    }

    @Test
    void theSameQuestionGivesTheSameTokens() {
        assertThat(OfflineDemoReply.answer("Write 500 words on Kafka", 2048))
                .isEqualTo(OfflineDemoReply.answer("Write 500 words on Kafka", 2048));
    }

    @Test
    void tokensAreWordsAndSubWordsThatAddUpToTheText() {
        var reply = OfflineDemoReply.answer("Explain configuration", 2048);
        assertThat(String.join("", reply.tokens())).isEqualTo(reply.text());
        assertThat(reply.tokens()).allSatisfy(token -> assertThat(token.strip()).hasSizeBetween(1, 8));
        assertThat(reply.tokens()).contains(" configur", "ation", "\n\n>", " Explain");
    }

    @Test
    void aRequestedLengthGivesExactlyThatManyTokens() {
        assertThat(OfflineDemoReply.answer("Write 300 words about streams", 2048).tokens()).hasSize(300);
        assertThat(OfflineDemoReply.answer("Reply with 1200 tokens", 2048).tokens()).hasSize(1200);
        var short_ = OfflineDemoReply.answer("Give me 5 words", 2048);
        assertThat(short_.tokens()).hasSize(5);
        assertThat(short_.text()).startsWith("**No AI provider is");
    }

    @Test
    void theMaximumOutputCutsTheReply() {
        var reply = OfflineDemoReply.answer("Write 300 words", 100);
        assertThat(reply.tokens()).hasSize(100);
        assertThat(reply.truncated()).isTrue();
        assertThat(OfflineDemoReply.answer("Hi", 10).truncated()).isTrue();
    }

    @Test
    void anEmptyMessageStillGetsAnAnswer() {
        assertThat(OfflineDemoReply.answer("  ", 2048).text()).contains("Your message was empty.");
        assertThat(OfflineDemoReply.answer(null, 2048).text()).contains("Your message was empty.");
    }
}
