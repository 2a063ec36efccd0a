package com.t3chat.devstack.test;

import dev.langchain4j.model.catalog.ModelDescription;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiModelCatalog;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** langchain4j's {@code OpenAiStreamingChatModel} and {@code OpenAiModelCatalog} against the simulator. */
class OpenAiClientTest extends ProviderClientContract {

    @Override
    StreamingChatModel model(String modelName, String key, boolean thinking) {
        return model(simulator.openAiBaseUrl(), modelName, key, thinking);
    }

    private static StreamingChatModel model(String baseUrl, String modelName, String key, boolean thinking) {
        // reasoning_content is always streamed; returnThinking(true) is what makes the client report it
        return OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(key).modelName(modelName)
                .returnThinking(thinking).build();
    }

    @Override
    List<String> listModels(String key) {
        return OpenAiModelCatalog.builder().baseUrl(simulator.openAiBaseUrl()).apiKey(key).build()
                .listModels().stream().map(ModelDescription::name).toList();
    }

    @Override
    boolean completesAfterAnError() {
        return true; // the end of the body completes the reply, even after an error event
    }

    @Override
    boolean reportsACutStreamAsComplete() {
        return true; // the end of the body completes the reply
    }

    @Override
    String keyHeader() {
        return "Authorization";
    }

    @Override
    String keyHeaderValue(String key) {
        return "Bearer " + key;
    }

    @Test
    void withoutReturnThinkingTheReasoningIsDropped() throws Exception {
        RecordingHandler handler = chat("sim-think3-len2-rate1000", "sim-key", false, hi());
        assertThat(handler.thinking).isEmpty();
        assertThat(handler.response().aiMessage().thinking()).isNull();
        assertThat(handler.response().aiMessage().text()).isEqualTo("w1 w2");
    }

    @Test
    void anOpenRouterStyleBaseUrlWorksToo() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        model(simulator.rootUrl() + "/api/v1", "vendor/sim-len2-rate1000", "sim-key", false).chat(hi(), handler);
        assertThat(handler.awaitEnd().response().aiMessage().text()).isEqualTo("w1 w2");
        assertThat(simulator.received().getLast().path()).isEqualTo("/api/v1/chat/completions");
    }
}
