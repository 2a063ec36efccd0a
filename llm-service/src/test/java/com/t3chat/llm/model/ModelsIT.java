package com.t3chat.llm.model;

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
                .jsonPath("$.items.length()").isEqualTo(SIMULATED_MODELS.size() + 1)
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
    void theCatalogueNeedsAValidToken() {
        http.get().uri("/api/models").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/models").header("Authorization", "Bearer " + jwt.builder("erin").roles("user")
                .expiresIn(java.time.Duration.ofMinutes(-5)).build()).exchange().expectStatus().isUnauthorized();
    }
}
