package com.t3chat.llm.model;

import java.util.List;

/** The models one provider contributes to the catalogue (none when it is not configured). */
public record ProviderModels(String provider, List<AvailableModel> models) {

    public ProviderModels {
        models = List.copyOf(models);
    }
}
