package com.t3chat.devstack.test;

import dev.langchain4j.model.catalog.ModelDescription;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GeminiThinkingConfig;
import dev.langchain4j.model.googleai.GoogleAiGeminiModelCatalog;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** langchain4j's {@code GoogleAiGeminiStreamingChatModel} and {@code GoogleAiGeminiModelCatalog} against the simulator. */
class GeminiClientTest extends ProviderClientContract {

    private static final GeminiThinkingConfig INCLUDE_THOUGHTS =
            GeminiThinkingConfig.builder().includeThoughts(true).thinkingBudget(1024).build();

    @Override
    StreamingChatModel model(String modelName, String key, boolean thinking) {
        var builder = GoogleAiGeminiStreamingChatModel.builder().baseUrl(simulator.geminiBaseUrl()).apiKey(key)
                .modelName(modelName);
        if (thinking) {
            // includeThoughts asks the provider for reasoning; returnThinking makes the client report it as such
            builder.thinkingConfig(INCLUDE_THOUGHTS).returnThinking(true);
        }
        return builder.build();
    }

    @Override
    List<String> listModels(String key) {
        return GoogleAiGeminiModelCatalog.builder().baseUrl(simulator.geminiBaseUrl()).apiKey(key).build()
                .listModels().stream().map(ModelDescription::name).toList();
    }

    @Override
    boolean completesAfterAnError() {
        return true; // the end of the body completes the reply, even after a broken connection
    }

    @Override
    boolean reportsACutStreamAsComplete() {
        return true; // the end of the body completes the reply
    }

    @Override
    String keyHeader() {
        return "x-goog-api-key";
    }

    /** Google counts the reasoning apart ({@code thoughtsTokenCount}); langchain4j's output count is the text. */
    @Override
    int reportedOutputTokens(int reasoningTokens, int textTokens) {
        return textTokens;
    }

    @Test
    void theKeyIsNotInTheUrl() throws Exception {
        chat("sim-len1").response();
        assertThat(simulator.received().getLast().path())
                .isEqualTo("/v1beta/models/sim-len1:streamGenerateContent?alt=sse");
    }

    @Test
    void withoutReturnThinkingTheThoughtsArriveAsText() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        GoogleAiGeminiStreamingChatModel.builder().baseUrl(simulator.geminiBaseUrl()).apiKey("sim-key")
                .modelName("sim-think2-len2-rate1000").thinkingConfig(INCLUDE_THOUGHTS).build().chat(hi(), handler);

        assertThat(handler.awaitEnd().thinking).isEmpty();
        assertThat(handler.partials).containsExactly("r1", " r2", "w1", " w2");
    }
}
