package com.t3chat.llm.model;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The model catalogue, for the model menu. */
@RestController
class ModelController {

    private final ModelCatalog catalog;

    ModelController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/models")
    ModelsResponse models() {
        String defaultId = catalog.defaultModel().id();
        return new ModelsResponse(defaultId, catalog.all().stream()
                .map(model -> ModelResponse.from(model, model.id().equals(defaultId)))
                .toList());
    }

    record ModelsResponse(String defaultModel, List<ModelResponse> items) {
    }

    /**
     * @param contextWindow   tokens the model accepts, prompt and reply together
     * @param maxOutputTokens the longest reply, in tokens
     * @param isDefault       whether a message that names no model gets this one
     */
    record ModelResponse(String id, String displayName, String provider, int contextWindow, int maxOutputTokens,
            boolean isDefault) {

        static ModelResponse from(AvailableModel model, boolean isDefault) {
            return new ModelResponse(model.id(), model.displayName(), model.provider(), model.contextWindow(),
                    model.maxOutputTokens(), isDefault);
        }
    }
}
