package com.t3chat.llm.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The models this instance can answer with: the built-in {@code offline/demo} and every model of a configured
 * provider (each an {@link AvailableModel} bean). The default is {@code t3chat.models.default-model} if set, else
 * the first provider model, else {@code offline/demo}. Each provider contributes a {@link ProviderModels} bean.
 */
@Component
public class ModelCatalog {

    private final Map<String, AvailableModel> models = new LinkedHashMap<>();
    private final AvailableModel defaultModel;

    ModelCatalog(List<ProviderModels> providers, ModelProperties properties) {
        providers.stream()
                .flatMap(provider -> provider.models().stream())
                .sorted((a, b) -> Boolean.compare(isOffline(a), isOffline(b))) // providers first, offline last
                .forEach(model -> {
                    if (models.putIfAbsent(model.id(), model) != null) {
                        throw new IllegalStateException("Two models share the id '" + model.id() + "'");
                    }
                });
        if (models.isEmpty()) {
            throw new IllegalStateException("No model is available");
        }
        String wanted = properties.defaultModel();
        if (wanted != null && !wanted.isBlank() && !models.containsKey(wanted)) {
            throw new IllegalStateException("t3chat.models.default-model '" + wanted + "' is not one of "
                    + models.keySet());
        }
        defaultModel = wanted != null && !wanted.isBlank() ? models.get(wanted) : models.values().iterator().next();
    }

    /** Every available model, provider models first. */
    public List<AvailableModel> all() {
        return List.copyOf(models.values());
    }

    public AvailableModel defaultModel() {
        return defaultModel;
    }

    /** The model with this id; a null or blank id means the default model. */
    public Optional<AvailableModel> find(String id) {
        return id == null || id.isBlank() ? Optional.of(defaultModel) : Optional.ofNullable(models.get(id));
    }

    private static boolean isOffline(AvailableModel model) {
        return model.model() instanceof OfflineDemoModel;
    }
}
