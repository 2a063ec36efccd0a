package com.t3chat.llm.model;

import com.t3chat.llm.provider.ProviderId;
import java.util.Optional;
import java.util.Set;

/**
 * A model in the catalogue.
 *
 * @param id              {@code <provider>/<model>}, e.g. {@code anthropic/claude-sonnet-4-5}; {@code offline/demo}
 *                        for the built-in model
 * @param provider        the provider id ({@code offline} for the built-in model)
 * @param modelName       the provider's own name for it
 * @param contextWindow   tokens the model accepts, prompt and reply together
 * @param maxOutputTokens the longest reply asked of it
 * @param price           dollars per million tokens, or null when unknown
 * @param systemKey       whether the operator lets users without a key of their own use it with the system key
 * @param listed          true if the provider listed it by itself (not curated)
 */
public record CatalogModel(String id, String provider, String modelName, String displayName, int contextWindow,
        int maxOutputTokens, Set<Capability> capabilities, Price price, boolean systemKey, boolean listed) {

    public CatalogModel {
        // in the enum's order, so that the API lists them the same way every time
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(capabilities));
    }

    /** Tokens left for the prompt once the reply's share of the context window is reserved. */
    public int maxInputTokens() {
        return Math.max(0, contextWindow - maxOutputTokens);
    }

    /** The provider, or empty for the built-in offline model. */
    public Optional<ProviderId> providerId() {
        return ProviderId.of(provider);
    }

    public boolean offline() {
        return OfflineDemoModel.ID.equals(id);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
