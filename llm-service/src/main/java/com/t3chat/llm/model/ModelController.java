package com.t3chat.llm.model;

import com.t3chat.llm.model.ModelAccess.Availability;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The model catalogue for the model menu: every model, and whether the caller can use it now (and if not, why). */
@RestController
class ModelController {

    private final ModelCatalog catalog;
    private final ModelAccess access;


    ModelController(ModelCatalog catalog, ModelAccess access) {
        this.catalog = catalog;
        this.access = access;
    }

    @GetMapping("/api/models")
    Mono<ModelsResponse> models(@AuthenticationPrincipal Jwt jwt) {
        String defaultId = catalog.defaultModel().id();
        return access.offersFor(jwt.getSubject())
                .map(offers -> new ModelsResponse(defaultId, offers.stream()
                        .map(offer -> ModelResponse.from(offer.model(), offer.model().id().equals(defaultId),
                                offer.availability()))
                        .toList()));
    }

    record ModelsResponse(String defaultModel, List<ModelResponse> items) {
    }

    /**
     * @param id              {@code <provider>/<model>}
     * @param contextWindow   tokens the model accepts, prompt and reply together
     * @param maxOutputTokens the longest reply, in tokens
     * @param price           dollars per million input/output tokens, or null when unknown
     * @param isDefault       whether a message that names no model gets this one
     * @param availability    whether the caller can use it now, with whose key, or what is missing
     */
    record ModelResponse(String id, String displayName, String provider, int contextWindow, int maxOutputTokens,
            Set<Capability> capabilities, PriceResponse price, boolean isDefault, boolean listed,
            Availability availability) {

        static ModelResponse from(CatalogModel model, boolean isDefault, Availability availability) {
            return new ModelResponse(model.id(), model.displayName(), model.provider(), model.contextWindow(),
                    model.maxOutputTokens(), model.capabilities(), model.price() == null ? null
                            : new PriceResponse(model.price().input(), model.price().output()),
                    isDefault, model.listed(), availability);
        }
    }

    record PriceResponse(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    }
}
