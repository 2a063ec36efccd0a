package com.t3chat.llm.model;

import static org.awaitility.Awaitility.await;

import com.t3chat.llm.LlmServiceIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class ModelsIT extends LlmServiceIT {

    @Autowired
    WebTestClient http;

    @Test
    void theCatalogueListsTheConfiguredProvidersModelsAndTheOfflineModel() {
        String defaultModel = "openai/" + SIMULATED_MODELS.getFirst();
        http.get().uri("/api/models").header("Authorization", "Bearer " + jwt.token("erin", "user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.defaultModel").isEqualTo(defaultModel)
                .jsonPath("$.items[?(@.listed == false)].id").value(ids -> org.assertj.core.api.Assertions.assertThat((java.util.List<?>) ids)
                        .hasSize(SIMULATED_MODELS.size() + ADAPTER_PROVIDERS.size() * ADAPTER_SCRIPTS.size() + 2))
                .jsonPath("$.items[0].id").isEqualTo(defaultModel)
                .jsonPath("$.items[0].provider").isEqualTo("openai")
                .jsonPath("$.items[0].isDefault").isEqualTo(true)
                .jsonPath("$.items[0].contextWindow").isEqualTo(128000)
                .jsonPath("$.items[0].maxOutputTokens").isEqualTo(1000)
                .jsonPath("$.items[?(@.id == 'offline/demo')].provider").isEqualTo("offline")
                .jsonPath("$.items[?(@.id == 'offline/demo')].isDefault").isEqualTo(false)
                .jsonPath("$.items[?(@.id == 'offline/demo')].contextWindow").isEqualTo(8192)
                .jsonPath("$.items[?(@.id == 'offline/demo')].displayName").isNotEmpty();
    }

    @Test
    void aProviderThatListsItsModelsAddsThemToTheCatalogue() {
        // Ollama is configured with list-models: its tags (the simulator's listing) join, refreshed in the background
        await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(200))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(http.get().uri("/api/models")
                        .header("Authorization", "Bearer " + jwt.token("erin", "user"))
                        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                        .contains("\"ollama/sim-think8\""));
        http.get().uri("/api/models").header("Authorization", "Bearer " + jwt.token("erin", "user"))
                .exchange()
                .expectBody()
                .jsonPath("$.items[?(@.listed == true)].id").value(ids -> org.assertj.core.api.Assertions
                        .assertThat((java.util.List<Object>) ids).containsExactlyInAnyOrder("ollama/sim", "ollama/sim-think8",
                                "ollama/sim-len300-rate40"))
                .jsonPath("$.items[?(@.id == 'ollama/sim')].availability.keySource").isEqualTo(java.util.List.of("system"));
    }

    @Test
    void theCatalogueNeedsAValidToken() {
        http.get().uri("/api/models").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/models").header("Authorization", "Bearer " + jwt.builder("erin").roles("user")
                .expiresIn(java.time.Duration.ofMinutes(-5)).build()).exchange().expectStatus().isUnauthorized();
    }
}
