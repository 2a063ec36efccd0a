package com.t3chat.llm.model;

import com.t3chat.llm.provider.ProviderId;
import com.t3chat.llm.provider.ProvidersProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The models users can pick: the operator's curated list (config-repo), the models that listing providers report
 * by themselves ({@link ModelListings}), and the built-in {@code offline/demo} last. Curated entries win over
 * listed ones with the same id.
 */
@Component
public class ModelCatalog {

    private final Map<String, CatalogModel> curated = new LinkedHashMap<>();
    private final CatalogModel offline;
    private final ModelListings listings;
    private final ModelProperties properties;
    private final ProvidersProperties providers;

    ModelCatalog(ModelProperties properties, ProvidersProperties providers, ModelListings listings) {
        this.properties = properties;
        this.providers = providers;
        this.listings = listings;
        for (ModelProperties.Curated model : properties.curated()) {
            String provider = model.id().substring(0, model.id().indexOf('/'));
            if (ProviderId.of(provider).isEmpty()) {
                throw new IllegalStateException("t3chat.models.curated: '" + model.id() + "' names no known provider "
                        + "(openai, anthropic, gemini, openrouter, ollama, openai-compatible)");
            }
            String name = model.id().substring(provider.length() + 1);
            var entry = new CatalogModel(model.id(), provider, name,
                    model.displayName() == null || model.displayName().isBlank() ? name : model.displayName(),
                    model.contextWindow(), model.maxOutputTokens(), model.capabilities(), model.price(),
                    model.systemKey(), false);
            if (curated.putIfAbsent(entry.id(), entry) != null) {
                throw new IllegalStateException("t3chat.models.curated lists '" + entry.id() + "' twice");
            }
        }
        ModelProperties.Offline settings = properties.offline();
        offline = new CatalogModel(OfflineDemoModel.ID, "offline", "demo", "Offline demo (no AI provider needed)",
                settings.contextWindow(), settings.maxOutputTokens(), null, null, true, false);
        for (String id : new String[] {properties.defaultModel(), properties.fallbackModel()}) {
            if (id != null && !id.isBlank() && !curated.containsKey(id) && !offline.id().equals(id)) {
                throw new IllegalStateException("t3chat.models: '" + id + "' is not a curated model " + curated.keySet());
            }
        }
    }

    /** Every model: curated, then listed by providers, then the offline one. */
    public List<CatalogModel> all() {
        var all = new ArrayList<>(curated.values());
        listings.models().stream().filter(model -> !curated.containsKey(model.id())).forEach(all::add);
        all.add(offline);
        return all;
    }

    /** The model with this id; a null or blank id means the default model. */
    public Optional<CatalogModel> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of(defaultModel());
        }
        if (offline.id().equals(id)) {
            return Optional.of(offline);
        }
        return Optional.ofNullable(curated.get(id)).or(() -> listings.find(id));
    }

    /** The configured default, else the first curated model the operator can serve with a system key, else offline. */
    public CatalogModel defaultModel() {
        String wanted = properties.defaultModel();
        if (wanted != null && !wanted.isBlank()) {
            return find(wanted).orElse(offline);
        }
        return curated.values().stream()
                .filter(model -> model.systemKey() && model.providerId()
                        .map(p -> providers.of(p).hasSystemAccess(p)).orElse(false))
                .findFirst()
                .orElse(offline);
    }

    /** The operator's fallback model, if one is set. */
    public Optional<CatalogModel> fallbackModel() {
        String id = properties.fallbackModel();
        return id == null || id.isBlank() ? Optional.empty() : find(id);
    }
}
