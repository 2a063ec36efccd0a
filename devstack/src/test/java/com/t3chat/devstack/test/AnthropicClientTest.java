package com.t3chat.devstack.test;

import dev.langchain4j.model.anthropic.AnthropicModelCatalog;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.catalog.ModelDescription;
import dev.langchain4j.model.chat.StreamingChatModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** langchain4j's {@code AnthropicStreamingChatModel} and {@code AnthropicModelCatalog} against the simulator. */
class AnthropicClientTest extends ProviderClientContract {

    @Override
    StreamingChatModel model(String modelName, String key, boolean thinking) {
        var builder = AnthropicStreamingChatModel.builder().baseUrl(simulator.anthropicBaseUrl()).apiKey(key)
                .modelName(modelName).maxTokens(2048);
        if (thinking) {
            // thinkingType asks the provider for reasoning; returnThinking makes the client report it
            builder.thinkingType("enabled").thinkingBudgetTokens(1024).returnThinking(true);
        }
        return builder.build();
    }

    @Override
    List<String> listModels(String key) {
        return AnthropicModelCatalog.builder().baseUrl(simulator.anthropicBaseUrl()).apiKey(key).build()
                .listModels().stream().map(ModelDescription::name).toList();
    }

    @Override
    boolean completesAfterAnError() {
        return false;
    }

    @Override
    boolean reportsACutStreamAsComplete() {
        return false; // only message_stop completes the reply
    }

    @Override
    String keyHeader() {
        return "x-api-key";
    }

    @Test
    void theClientSendsTheApiVersion() throws Exception {
        chat("sim-len1").response();
        assertThat(simulator.received().getLast().header("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void withoutThinkingEnabledNoReasoningIsSent() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        AnthropicStreamingChatModel.builder().baseUrl(simulator.anthropicBaseUrl()).apiKey("sim-key")
                .modelName("sim-think3-len2-rate1000").returnThinking(true).build().chat(hi(), handler);

        assertThat(handler.awaitEnd().thinking).isEmpty();
        assertThat(handler.response().tokenUsage().outputTokenCount()).isEqualTo(2);
    }
}
