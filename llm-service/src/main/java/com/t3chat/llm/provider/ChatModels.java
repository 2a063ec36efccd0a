package com.t3chat.llm.provider;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicModelCatalog;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GeminiThinkingConfig;
import dev.langchain4j.model.googleai.GoogleAiGeminiModelCatalog;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiModelCatalog;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * langchain4j's clients for each provider, built for one set of {@link Credentials}: the streaming chat model that
 * writes a reply, and the provider's model list (which is also how a key is checked before it is saved). Every
 * client goes out through the egress HTTP client: a user's base URL under the SSRF policy, the operator's as
 * configured. Request/response logging stays off (requests carry keys).
 */
@Component
public class ChatModels {

    /** Anthropic and Gemini want a thinking budget; this one leaves most of a reply's tokens for the answer. */
    private static final int THINKING_BUDGET = 1024;

    private final EgressClients egress;
    /**
     * Built models, by everything they are built from: building one per reply cost more CPU than the rest of
     * starting it. The key holds the credentials themselves, so a changed or deleted key is never used from here
     * (it is simply not looked up again) and a cached entry only keeps in memory what a running reply holds anyway.
     */
    private final Cache<Spec, StreamingChatModel> built = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(10_000)
            .build();

    ChatModels(EgressClients egress) {
        this.egress = egress;
    }

    private record Spec(Credentials credentials, String modelName, int maxOutputTokens, boolean reasoning) {
    }

    /**
     * @param modelName       the provider's own name of the model (the id without {@code <provider>/})
     * @param maxOutputTokens the longest reply asked for
     * @param reasoning       whether to ask for (and return) the model's thinking, for models that have it
     */
    public StreamingChatModel streaming(Credentials credentials, String modelName, int maxOutputTokens,
            boolean reasoning) {
        return built.get(new Spec(credentials, modelName, maxOutputTokens, reasoning),
                spec -> build(credentials, modelName, maxOutputTokens, reasoning));
    }

    private StreamingChatModel build(Credentials credentials, String modelName, int maxOutputTokens,
            boolean reasoning) {
        HttpClientBuilder http = egress.builderFor(credentials);
        return switch (credentials.provider()) {
            case OPENAI, OPENROUTER, OPENAI_COMPATIBLE -> OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(credentials.baseUrl())
                    .apiKey(keyOrPlaceholder(credentials))
                    .modelName(modelName)
                    .returnThinking(reasoning)
                    .build();
            case ANTHROPIC -> {
                var builder = AnthropicStreamingChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(credentials.baseUrl())
                        .apiKey(credentials.apiKey())
                        .modelName(modelName)
                        .maxTokens(maxOutputTokens);
                if (reasoning && maxOutputTokens > THINKING_BUDGET) {
                    builder.thinkingType("enabled").thinkingBudgetTokens(THINKING_BUDGET).returnThinking(true);
                }
                yield builder.build();
            }
            case GEMINI -> {
                var builder = GoogleAiGeminiStreamingChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(credentials.baseUrl())
                        .apiKey(credentials.apiKey())
                        .modelName(modelName)
                        .maxOutputTokens(maxOutputTokens);
                if (reasoning) {
                    builder.thinkingConfig(GeminiThinkingConfig.builder().includeThoughts(true)
                            .thinkingBudget(THINKING_BUDGET).build()).returnThinking(true);
                }
                yield builder.build();
            }
            case OLLAMA -> {
                var builder = OllamaStreamingChatModel.builder()
                        .httpClientBuilder(BearerHttpClientBuilder.ofKey(http, credentials.apiKey()))
                        .baseUrl(credentials.baseUrl())
                        .modelName(modelName)
                        .numPredict(maxOutputTokens);
                if (reasoning) {
                    builder.think(true).returnThinking(true);
                }
                yield builder.build();
            }
        };
    }

    /**
     * The provider's model names, asked with these credentials. Throws what langchain4j throws (an
     * {@code HttpException} with the status when the key is rejected) or an egress refusal.
     */
    public List<String> listModels(Credentials credentials) {
        HttpClientBuilder http = egress.builderFor(credentials);
        return switch (credentials.provider()) {
            case OPENAI, OPENROUTER, OPENAI_COMPATIBLE -> OpenAiModelCatalog.builder()
                    .httpClientBuilder(http)
                    .baseUrl(credentials.baseUrl())
                    .apiKey(keyOrPlaceholder(credentials))
                    .build()
                    .listModels().stream().map(m -> m.name()).toList();
            case ANTHROPIC -> AnthropicModelCatalog.builder()
                    .httpClientBuilder(http)
                    .baseUrl(credentials.baseUrl())
                    .apiKey(credentials.apiKey())
                    .build()
                    .listModels().stream().map(m -> m.name()).toList();
            case GEMINI -> GoogleAiGeminiModelCatalog.builder()
                    .httpClientBuilder(http)
                    .baseUrl(credentials.baseUrl())
                    .apiKey(credentials.apiKey())
                    .build()
                    .listModels().stream().map(m -> m.name().replaceFirst("^models/", "")).toList();
            case OLLAMA -> OllamaModels.builder()
                    // the same Authorization as the chat requests, or a wrong key would pass the check
                    .httpClientBuilder(BearerHttpClientBuilder.ofKey(http, credentials.apiKey()))
                    .baseUrl(credentials.baseUrl())
                    .maxRetries(0)
                    .build()
                    .availableModels().content().stream().map(OllamaModel::getName).toList();
        };
    }

    /** langchain4j's OpenAI client insists on a key; a keyless OpenAI-compatible server ignores this one. */
    private static String keyOrPlaceholder(Credentials credentials) {
        return credentials.apiKey() == null ? "no-key" : credentials.apiKey();
    }
}
