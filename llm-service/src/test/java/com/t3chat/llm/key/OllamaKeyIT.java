package com.t3chat.llm.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.devstack.test.ProviderSimulator;
import com.t3chat.llm.LlmServiceIT;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An Ollama key (for an Ollama behind an authenticating proxy) is checked with the same {@code Authorization: Bearer}
 * header the chat requests carry: a wrong one is refused before it is saved, a right one is saved.
 */
class OllamaKeyIT extends LlmServiceIT {

    @Autowired
    WebTestClient http;

    @Test
    void aWrongOllamaKeyIsRejectedAndARightOneSaved() {
        String token = jwt.token("olly-" + UUID.randomUUID(), "user");

        http.put().uri("/api/keys/ollama").header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("apiKey", "bad-proxy-key-1234")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:key-rejected");
        http.get().uri("/api/keys").header("Authorization", "Bearer " + token).exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);

        http.put().uri("/api/keys/ollama").header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("apiKey", "good-proxy-key-5678")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.maskedKey").value(masked -> assertThat((String) masked).endsWith("5678"));
        ProviderSimulator.Received listing = provider.received().stream()
                .filter(call -> call.path().equals("/api/tags")).toList().getLast();
        assertThat(listing.header("Authorization")).isEqualTo("Bearer good-proxy-key-5678");
    }
}
