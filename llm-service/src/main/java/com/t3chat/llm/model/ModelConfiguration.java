package com.t3chat.llm.model;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * The catalogue's models, by provider: the built-in offline model (always there) and the models of each provider
 * that has a key. langchain4j is the provider abstraction: each model is a {@code StreamingChatModel}.
 */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    @Bean
    ProviderModels offlineModels(ModelProperties properties) {
        ModelProperties.Offline offline = properties.offline();
        return new ProviderModels("offline", List.of(new AvailableModel(OfflineDemoModel.ID,
                "Offline demo (no AI provider configured)", "offline", offline.contextWindow(),
                offline.maxOutputTokens(), new OfflineDemoModel(offline, Schedulers.parallel()))));
    }

    @Bean
    ProviderModels openAiModels(OpenAiProperties properties) {
        if (!properties.enabled()) {
            return new ProviderModels("openai", List.of());
        }
        return new ProviderModels("openai", properties.models().stream()
                .map(model -> new AvailableModel("openai/" + model.name(),
                        model.displayName() == null || model.displayName().isBlank() ? model.name()
                                : model.displayName(),
                        "openai", model.contextWindow(), model.maxOutputTokens(),
                        OpenAiStreamingChatModel.builder()
                                .baseUrl(properties.baseUrl())
                                .apiKey(properties.apiKey())
                                .modelName(model.name())
                                .timeout(properties.timeout())
                                .build()))
                .toList());
    }
}
