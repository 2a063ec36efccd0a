package com.t3chat.llm.model;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.t3chat.llm.provider.ChatModels;
import com.t3chat.llm.provider.Credentials;
import com.t3chat.llm.provider.ProviderId;
import com.t3chat.llm.provider.ProvidersProperties;
import com.t3chat.llm.key.KeyService;
import com.t3chat.llm.key.KeyService.KeyView;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The models that providers configured with {@code list-models: true} (OpenRouter, Ollama, an OpenAI-compatible
 * server) report themselves, asked with the operator's access and refreshed every {@code listing-cache-for} in the
 * background. A provider that cannot be asked keeps its last list (none at first); nothing waits on it.
 *
 * <p>Also the models of a user's own endpoint or key for those providers, asked with the user's credentials and
 * remembered per key (a new key is asked again) for {@code listing-cache-for}.
 */
@Component
class ModelListings implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ModelListings.class);

    private final ChatModels chatModels;
    private final ProvidersProperties providers;
    private final ModelProperties.Listed defaults;
    private final Map<ProviderId, List<CatalogModel>> listed = new ConcurrentHashMap<>();
    private final KeyService keys;
    /** The models of users' own listing endpoints, per owner, provider and key (a new key is asked again). */
    private final AsyncCache<String, List<CatalogModel>> ownListings;
    private volatile Disposable refresher;

    ModelListings(ChatModels chatModels, ProvidersProperties providers, ModelProperties properties, KeyService keys) {
        this.chatModels = chatModels;
        this.providers = providers;
        this.defaults = properties.listed();
        this.keys = keys;
        this.ownListings = Caffeine.newBuilder()
                .expireAfterWrite(providers.listingCacheFor())
                .maximumSize(OWN_LISTINGS_KEPT)
                .buildAsync();
    }

    /** Providers whose endpoints list their own models. */
    static final Set<ProviderId> LISTING = Set.of(ProviderId.OPENROUTER, ProviderId.OLLAMA, ProviderId.OPENAI_COMPATIBLE);
    private static final Duration OWN_LISTING_TIMEOUT = Duration.ofSeconds(5);
    private static final int OWN_LISTINGS_KEPT = 10_000;

    /** The models of the user's own keys for listing providers (none where the endpoint cannot be asked). */
    Mono<List<CatalogModel>> ownModels(String ownerId, Map<ProviderId, KeyView> own) {
        return Flux.fromIterable(own.values())
                .filter(key -> LISTING.contains(key.provider()))
                .flatMap(key -> ownModels(ownerId, key))
                .collectList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private Mono<List<CatalogModel>> ownModels(String ownerId, KeyView key) {
        String cacheKey = ownerId + "\0" + key.provider().id() + "\0" + key.createdAt();
        return Mono.fromFuture(() -> ownListings.get(cacheKey, (k, executor) -> listOwn(ownerId, key).toFuture()),
                true);
    }

    /** Asks the endpoint of the user's own key; an endpoint that cannot be asked lists nothing (cached as well). */
    private Mono<List<CatalogModel>> listOwn(String ownerId, KeyView key) {
        ProviderId provider = key.provider();
        return keys.peekOwnCredentials(ownerId, provider)
                .publishOn(Schedulers.boundedElastic())
                .map(credentials -> chatModels.listModels(credentials).stream()
                        .map(name -> listedModel(provider, name, false))
                        .toList())
                .timeout(OWN_LISTING_TIMEOUT)
                .onErrorResume(error -> {
                    log.info("Could not list the models of a user's own {} endpoint: {}", provider.id(),
                            error.getClass().getSimpleName());
                    return Mono.just(List.of());
                })
                .defaultIfEmpty(List.of());
    }

    private CatalogModel listedModel(ProviderId provider, String name, boolean systemKey) {
        return new CatalogModel(provider.id() + "/" + name, provider.id(), name, name, defaults.contextWindow(),
                defaults.maxOutputTokens(), null, null, systemKey, true);
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
                        .map(name -> listedModel(provider, name, defaults.systemKey()))
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
