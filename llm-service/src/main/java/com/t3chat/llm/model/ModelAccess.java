package com.t3chat.llm.model;

import com.t3chat.llm.key.KeyService;
import com.t3chat.llm.key.KeyService.KeyView;
import com.t3chat.llm.provider.Credentials;
import com.t3chat.llm.provider.Credentials.KeySource;
import com.t3chat.llm.provider.ProviderId;
import com.t3chat.llm.provider.ProvidersProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Which key answers a user's reply: their own key for the model's provider, else the operator's system key if the
 * operator allows it for that model, else none — and then what is missing, in words. A system key only ever goes
 * with the operator's own endpoint.
 */
@Service
public class ModelAccess {

    private final KeyService keys;
    private final ProvidersProperties providers;
    private final ModelCatalog catalog;
    private final ModelListings listings;

    ModelAccess(KeyService keys, ProvidersProperties providers, ModelCatalog catalog, ModelListings listings) {
        this.keys = keys;
        this.providers = providers;
        this.catalog = catalog;
        this.listings = listings;
    }

    /** A model as offered to one user: the catalogue's entry and whether they can use it. */
    public record Offer(CatalogModel model, Availability availability) {
    }

    /**
     * Every model for this user: the catalogue, then the models their own endpoints or keys list (e.g. their
     * Ollama's), each with whether they can use it now.
     */
    public Mono<List<Offer>> offersFor(String ownerId) {
        return keys.ownKeys(ownerId).flatMap(own -> listings.ownModels(ownerId, own).map(theirs -> {
            List<CatalogModel> all = new ArrayList<>(catalog.all());
            Set<String> ids = all.stream().map(CatalogModel::id).collect(Collectors.toSet());
            theirs.stream().filter(model -> ids.add(model.id())).forEach(model -> all.add(all.size() - 1, model));
            return all.stream().map(model -> new Offer(model, availability(model, own))).toList();
        }));
    }

    /** The model with this id as this user sees it (the catalogue's, or one their own endpoint lists). */
    public Mono<Optional<CatalogModel>> find(String ownerId, String id) {
        Optional<CatalogModel> known = catalog.find(id);
        if (known.isPresent()) {
            return Mono.just(known);
        }
        return keys.ownKeys(ownerId)
                .flatMap(own -> listings.ownModels(ownerId, own))
                .map(theirs -> theirs.stream().filter(model -> model.id().equals(id)).findFirst());
    }

    /**
     * Whether the caller can use a model now.
     *
     * @param keySource {@code own}, {@code system}, {@code none} (the offline model needs no key), or null if unusable
     * @param missing   what the user must do first, or null if usable
     */
    public record Availability(boolean usable, String keySource, String missing) {
    }

    private Availability availability(CatalogModel model, Map<ProviderId, KeyView> own) {
        if (model.offline()) {
            return new Availability(true, "none", null);
        }
        ProviderId provider = model.providerId().orElseThrow();
        if (own.containsKey(provider)) {
            return new Availability(true, KeySource.OWN.id(), null);
        }
        if (systemAllowed(model, provider)) {
            return new Availability(true, KeySource.SYSTEM.id(), null);
        }
        return new Availability(false, null, missing(provider));
    }

    /**
     * The credentials a reply with this model is made with; the offline model answers an empty Mono. Fails with
     * {@link MissingKeyException} when there are none.
     */
    public Mono<Credentials> credentials(String ownerId, CatalogModel model) {
        if (model.offline()) {
            return Mono.empty();
        }
        ProviderId provider = model.providerId().orElseThrow();
        return keys.ownCredentials(ownerId, provider)
                .switchIfEmpty(Mono.defer(() -> systemAllowed(model, provider)
                        ? Mono.just(system(provider))
                        : Mono.error(new MissingKeyException(missing(provider)))));
    }

    private boolean systemAllowed(CatalogModel model, ProviderId provider) {
        return model.systemKey() && providers.of(provider).hasSystemAccess(provider);
    }

    private Credentials system(ProviderId provider) {
        ProvidersProperties.Provider settings = providers.of(provider);
        String key = settings.systemKey() == null || settings.systemKey().isBlank() ? null : settings.systemKey();
        return new Credentials(provider, settings.baseUrl(), key, KeySource.SYSTEM, false);
    }

    private static String missing(ProviderId provider) {
        return provider.baseUrlRequired()
                ? "Add your " + provider.displayName() + " endpoint in Settings → Keys to use this model."
                : "Add your own " + provider.displayName() + " API key in Settings → Keys to use this model.";
    }

    /** No key answers this model for this user; the message says what to add. */
    public static final class MissingKeyException extends RuntimeException {

        public MissingKeyException(String message) {
            super(message, null, false, false);
        }
    }
}
