package com.t3chat.llm.model;

import com.t3chat.llm.provider.ChatModels;
import com.t3chat.llm.provider.Credentials;
import com.t3chat.llm.provider.ProviderId;
import com.t3chat.llm.provider.ProvidersProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * The models that providers configured with {@code list-models: true} (OpenRouter, Ollama, an OpenAI-compatible
 * server) report themselves, asked with the operator's access and refreshed every {@code listing-cache-for} in the
 * background. A provider that cannot be asked keeps its last list (none at first); nothing waits on it.
 */
@Component
class ModelListings implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ModelListings.class);

    private final ChatModels chatModels;
    private final ProvidersProperties providers;
    private final ModelProperties.Listed defaults;
    private final Map<ProviderId, List<CatalogModel>> listed = new ConcurrentHashMap<>();
    private volatile Disposable refresher;

    ModelListings(ChatModels chatModels, ProvidersProperties providers, ModelProperties properties) {
        this.chatModels = chatModels;
        this.providers = providers;
        this.defaults = properties.listed();
    }

    List<CatalogModel> models() {
        return listed.values().stream().flatMap(List::stream).toList();
    }

    Optional<CatalogModel> find(String id) {
        return models().stream().filter(model -> model.id().equals(id)).findFirst();
    }

    void refresh() {
        for (ProviderId provider : ProviderId.values()) {
            ProvidersProperties.Provider settings = providers.of(provider);
            if (!settings.listModels() || !settings.hasSystemAccess(provider)) {
                continue;
            }
            try {
                var credentials = new Credentials(provider, settings.baseUrl(), blankToNull(settings.systemKey()),
                        Credentials.KeySource.SYSTEM, false);
                listed.put(provider, chatModels.listModels(credentials).stream()
                        .map(name -> new CatalogModel(provider.id() + "/" + name, provider.id(), name, name,
                                defaults.contextWindow(), defaults.maxOutputTokens(), null, null,
                                defaults.systemKey(), true))
                        .toList());
            } catch (RuntimeException e) {
                log.warn("Could not list {}'s models (keeping the last list): {}", provider.id(),
                        e.getClass().getSimpleName());
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void start() {
        long every = providers.listingCacheFor().toMillis();
        refresher = Schedulers.boundedElastic().schedulePeriodically(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        Disposable current = refresher;
        refresher = null;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
