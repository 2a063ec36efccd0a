package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A user's own endpoint (an OpenAI-compatible server): base URLs that point into the operator's network are
 * refused before anything is saved; an allow-listed host works end to end with the user's own key.
 */
class OwnEndpointIT extends ReplyTopicIT {

    @Autowired
    WebTestClient http;

    private final int port = URI.create(provider.rootUrl()).getPort();

    private WebTestClient.ResponseSpec put(String token, String baseUrl) {
        return http.put().uri("/api/keys/openai-compatible").header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("apiKey", "own-key-123456", "baseUrl", baseUrl)).exchange();
    }

    @Test
    void baseUrlsIntoPrivateLoopbackLinkLocalOrMetadataAddressesAreRefused() {
        String token = jwt.token("mallory-" + UUID.randomUUID(), "user");
        for (String url : List.of("http://127.0.0.1:" + port + "/v1", "http://[::1]:" + port + "/v1",
                "http://[::ffff:127.0.0.1]:" + port + "/v1", "http://2130706433:" + port + "/v1",
                "http://169.254.169.254/latest", "http://[::ffff:a9fe:a9fe]/v1", "http://10.0.0.7/v1",
                "http://192.168.1.1/v1", "http://[fd00::1]/v1", "http://metadata.google.internal/v1",
                "http://localhost:" + (port + 1) + "/v1", "ftp://localhost:" + port + "/v1",
                "http://user:pw@localhost:" + port + "/v1")) {
            put(token, url).expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.type").value(type -> assertThat(type).as(url).isEqualTo(
                            "urn:t3chat:problem:base-url-refused"));
        }
        http.get().uri("/api/keys").header("Authorization", "Bearer " + token).exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void anAllowListedHostWorksWithTheUsersOwnKeyAndOthersAreToldWhatIsMissing() throws Exception {
        String user = "olga-" + UUID.randomUUID();
        String token = jwt.token(user, "user");
        put(token, "http://localhost:" + port + "/v1").expectStatus().isOk()
                .expectBody().jsonPath("$.baseUrl").isEqualTo("http://localhost:" + port + "/v1");
        http.get().uri("/api/models").header("Authorization", "Bearer " + token).exchange()
                .expectBody()
                .jsonPath("$.items[?(@.id == '" + OWN_ENDPOINT_MODEL + "')].availability.usable").isEqualTo(List.of(true));

        ReplyRequested mine = ReplyTopic.request(jwt.subject(user), OWN_ENDPOINT_MODEL, "Mine " + UUID.randomUUID());
        topic.publish(mine.chatId(), ReplyRequested.TYPE, mine);
        var completed = (ReplyCompleted) topic.awaitEnd(mine.replyId(), Duration.ZERO).getLast().event();
        assertThat(completed.text()).endsWith(" w20");
        var call = provider.received().stream()
                .filter(c -> c.body().contains(ReplyTopic.question(mine))).findFirst().orElseThrow();
        assertThat(call.header("Authorization")).isEqualTo("Bearer own-key-123456");
        assertThat(call.header("Host")).startsWith("localhost:");

        // the endpoint's own models (the simulator lists sim, sim-think8, sim-len300-rate40) are offered to her only
        http.get().uri("/api/models").header("Authorization", "Bearer " + token).exchange()
                .expectBody()
                .jsonPath("$.items[?(@.id == 'openai-compatible/sim-think8')].listed").isEqualTo(List.of(true))
                .jsonPath("$.items[?(@.id == 'openai-compatible/sim-think8')].availability.keySource")
                .isEqualTo(List.of("own"));
        ReplyRequested listed = ReplyTopic.request(jwt.subject(user), "openai-compatible/sim-len300-rate40",
                "Listed " + UUID.randomUUID());
        topic.publish(listed.chatId(), ReplyRequested.TYPE, listed);
        assertThat(topic.awaitEnd(listed.replyId(), Duration.ZERO).getLast().event())
                .isInstanceOfSatisfying(ReplyCompleted.class, done -> assertThat(done.text()).startsWith("w1 w2"));

        String other = "pete-" + UUID.randomUUID();
        http.get().uri("/api/models").header("Authorization", "Bearer " + jwt.token(other, "user")).exchange()
                .expectBody()
                .jsonPath("$.items[?(@.id == 'openai-compatible/sim-think8')]").isEmpty();
        http.get().uri("/api/models").header("Authorization", "Bearer " + jwt.token(other, "user")).exchange()
                .expectBody()
                .jsonPath("$.items[?(@.id == '" + OWN_ENDPOINT_MODEL + "')].availability.usable").isEqualTo(List.of(false))
                .jsonPath("$.items[?(@.id == '" + OWN_ENDPOINT_MODEL + "')].availability.missing")
                .isEqualTo(List.of("Add your OpenAI-compatible endpoint in Settings → Keys to use this model."));
        ReplyRequested theirs = ReplyTopic.request(jwt.subject(other), OWN_ENDPOINT_MODEL, "Theirs " + UUID.randomUUID());
        topic.publish(theirs.chatId(), ReplyRequested.TYPE, theirs);
        var failed = (ReplyFailed) topic.awaitEnd(theirs.replyId(), Duration.ZERO).getLast().event();
        assertThat(failed.reason()).contains("Settings → Keys");
        assertThat(provider.requests()).noneMatch(body -> body.contains(ReplyTopic.question(theirs)));
    }
}
