package com.t3chat.devstack.test;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * langchain4j-ollama's {@code OllamaStreamingChatModel} and {@code OllamaModels} against the simulator. Ollama has no
 * keys; a key here is sent as {@code Authorization: Bearer}, as to an Ollama behind an authenticating proxy.
 */
class OllamaClientTest extends ProviderClientContract {

    @Override
    StreamingChatModel model(String modelName, String key, boolean thinking) {
        var builder = OllamaStreamingChatModel.builder().baseUrl(simulator.ollamaBaseUrl()).modelName(modelName)
                .customHeaders(Map.of("Authorization", "Bearer " + key));
        if (thinking) {
            // think asks the model for reasoning; returnThinking makes the client report it
            builder.think(true).returnThinking(true);
        }
        return builder.build();
    }

    /** langchain4j's {@code OllamaModels} cannot send headers: a bad key is checked with a plain request. */
    @Override
    List<String> listModels(String key) {
        if (key.startsWith("bad")) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(simulator.ollamaBaseUrl() + "/api/tags"))
                        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return OllamaModels.builder().baseUrl(simulator.ollamaBaseUrl()).build()
                .availableModels().content().stream().map(OllamaModel::getName).toList();
    }

    @Override
    boolean completesAfterAnError() {
        return false;
    }

    @Override
    boolean reportsACutStreamAsComplete() {
        return false; // only a "done": true line completes the reply
    }

    @Override
    String keyHeader() {
        return "Authorization";
    }

    @Override
    String keyHeaderValue(String key) {
        return "Bearer " + key;
    }
}
