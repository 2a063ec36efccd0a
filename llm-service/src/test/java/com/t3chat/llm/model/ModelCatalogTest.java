package com.t3chat.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.llm.provider.ProvidersProperties;
import com.t3chat.llm.provider.ProvidersProperties.Provider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static final ModelProperties.Offline OFFLINE = new ModelProperties.Offline(45, 8192, 2048);
    private static final ModelProperties.Listed LISTED = new ModelProperties.Listed(32768, 4096, true);
    private static final Provider NONE = new Provider(null, null, false);

    private static ModelProperties.Curated curated(String id, boolean systemKey) {
        return new ModelProperties.Curated(id, null, 100_000, 4000, Set.of(Capability.VISION),
                new Price(new BigDecimal("1.5"), BigDecimal.TEN), systemKey);
    }

    private static ProvidersProperties providers(Provider anthropic) {
        return new ProvidersProperties(NONE, anthropic, NONE, NONE, NONE, NONE, Duration.ofMinutes(10));
    }

    private static ModelCatalog catalog(String defaultModel, ProvidersProperties providers,
            ModelProperties.Curated... models) {
        var properties = new ModelProperties(defaultModel, null, List.of(models), LISTED, OFFLINE);
        return new ModelCatalog(properties, providers, new ModelListings(null, providers, properties, null));
    }

    @Test
    void withoutCuratedModelsOnlyTheOfflineModelIsOfferedAndIsTheDefault() {
        ModelCatalog catalog = catalog(null, providers(NONE));
        assertThat(catalog.all()).extracting(CatalogModel::id).containsExactly("offline/demo");
        assertThat(catalog.defaultModel().id()).isEqualTo("offline/demo");
    }

    @Test
    void curatedModelsComeFirstWithTheirProviderAndName() {
        ModelCatalog catalog = catalog(null, providers(NONE), curated("anthropic/claude-x", true),
                curated("openrouter/deepseek/deepseek-r1", false));
        assertThat(catalog.all()).extracting(CatalogModel::id)
                .containsExactly("anthropic/claude-x", "openrouter/deepseek/deepseek-r1", "offline/demo");
        CatalogModel r1 = catalog.find("openrouter/deepseek/deepseek-r1").orElseThrow();
        assertThat(r1.provider()).isEqualTo("openrouter");
        assertThat(r1.modelName()).isEqualTo("deepseek/deepseek-r1");
        assertThat(r1.price().cost(1_000_000, 100_000)).isEqualByComparingTo("2.5");
    }

    @Test
    void theDefaultIsTheFirstCuratedModelTheOperatorHasASystemKeyFor() {
        var withKey = providers(new Provider("https://api.anthropic.com/v1", "sk-system", false));
        assertThat(catalog(null, withKey, curated("anthropic/a", false), curated("anthropic/b", true))
                .defaultModel().id()).isEqualTo("anthropic/b");
        assertThat(catalog(null, providers(NONE), curated("anthropic/b", true)).defaultModel().id())
                .isEqualTo("offline/demo");
        assertThat(catalog("anthropic/a", providers(NONE), curated("anthropic/a", false)).find(" ")
                .map(CatalogModel::id)).hasValue("anthropic/a");
    }

    @Test
    void misconfigurationStopsTheStart() {
        assertThatThrownBy(() -> catalog(null, providers(NONE), curated("acme/x", true)))
                .hasMessageContaining("names no known provider");
        assertThatThrownBy(() -> catalog(null, providers(NONE), curated("openai/x", true), curated("openai/x", true)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> catalog("openai/nope", providers(NONE), curated("openai/x", true)))
                .hasMessageContaining("not a curated model");
    }
}
