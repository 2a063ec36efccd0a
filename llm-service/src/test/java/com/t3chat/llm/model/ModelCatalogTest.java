package com.t3chat.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class ModelCatalogTest {

    private static final ModelProperties.Offline OFFLINE = new ModelProperties.Offline(45, 8192, 2048);
    private static final ProviderModels offline = new ProviderModels("offline", List.of(new AvailableModel(
            OfflineDemoModel.ID, "Offline demo", "offline", 8192, 2048,
            new OfflineDemoModel(OFFLINE, Schedulers.immediate()))));
    private static final ProviderModels acme = new ProviderModels("acme", List.of(
            new AvailableModel("acme/big", "Big", "acme", 100_000, 4000, null),
            new AvailableModel("acme/small", "Small", "acme", 16_000, 1000, null)));

    private static ModelCatalog catalog(String defaultModel, ProviderModels... providers) {
        return new ModelCatalog(List.of(providers), new ModelProperties(defaultModel, OFFLINE));
    }

    @Test
    void withoutAProviderTheOfflineModelIsTheDefault() {
        var catalog = catalog(null, offline, new ProviderModels("acme", List.of()));
        assertThat(catalog.defaultModel().id()).isEqualTo("offline/demo");
        assertThat(catalog.all()).extracting(AvailableModel::id).containsExactly("offline/demo");
    }

    @Test
    void withAProviderItsFirstModelIsTheDefaultAndTheOfflineModelComesLast() {
        var catalog = catalog(null, offline, acme);
        assertThat(catalog.defaultModel().id()).isEqualTo("acme/big");
        assertThat(catalog.all()).extracting(AvailableModel::id)
                .containsExactly("acme/big", "acme/small", "offline/demo");
    }

    @Test
    void theConfiguredDefaultWinsAndMustExist() {
        assertThat(catalog("acme/small", offline, acme).defaultModel().id()).isEqualTo("acme/small");
        assertThatThrownBy(() -> catalog("acme/huge", offline, acme))
                .hasMessageContaining("acme/huge");
    }

    @Test
    void findResolvesIdsAndNoIdMeansTheDefault() {
        var catalog = catalog(null, offline, acme);
        assertThat(catalog.find("acme/small")).map(AvailableModel::contextWindow).hasValue(16_000);
        assertThat(catalog.find(null)).map(AvailableModel::id).hasValue("acme/big");
        assertThat(catalog.find(" ")).map(AvailableModel::id).hasValue("acme/big");
        assertThat(catalog.find("acme/nope")).isEmpty();
    }

    @Test
    void theTokensLeftForThePromptAreTheWindowLessTheReply() {
        assertThat(acme.models().getFirst().maxInputTokens()).isEqualTo(96_000);
    }
}
