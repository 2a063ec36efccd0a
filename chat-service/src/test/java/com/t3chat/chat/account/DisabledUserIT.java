package com.t3chat.chat.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.UserDisabled;
import com.t3chat.contracts.auth.UserEnabled;
import com.t3chat.devstack.test.TestEvents;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user an admin disabled can neither post, regenerate, share nor delete, even with an access token still valid
 * (posting would also spend the operator's system key).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient(timeout = "20s")
class DisabledUserIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    JsonMapper json;

    @Test
    void aDisabledUserCannotShareOrDeleteUntilEnabledAgain() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String aliceToken = jwt.token(alice, "user");
        String bobToken = jwt.token("bob-" + UUID.randomUUID(), "user");
        String chatId = chatWithMessage(aliceToken);
        String shared = share(aliceToken, chatId);

        var disabled = new UserDisabled(UUID.randomUUID(), Instant.now(), jwt.subject(alice));
        publish(UserDisabled.TYPE, disabled);
        publish(UserDisabled.TYPE, disabled); // delivered twice: harmless
        awaitRevokeOfNoShare(aliceToken, 403);

        http.post().uri("/api/chats/{c}/shares", chatId).header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled")
                .jsonPath("$.detail").isEqualTo("Your account is disabled.");
        http.delete().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled");
        String reply = JsonPath.read(messages(aliceToken, chatId), "$.currentLeafId");
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + aliceToken)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "And a cake?"))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled");
        http.post().uri("/api/chats/{c}/messages/{m}/regenerate", chatId, reply)
                .header("Authorization", "Bearer " + aliceToken).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled");
        assertThat((List<?>) JsonPath.read(messages(aliceToken, chatId), "$.messages")).hasSize(2);
        http.delete().uri("/api/shares/{t}", shared).header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled");
        // nothing changed: her chat and its one share are still there, and the link still opens
        http.get().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isOk();
        http.get().uri("/api/chats/{c}/shares", chatId).header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
        http.get().uri("/api/shares/{t}", shared).exchange().expectStatus().isOk();

        // another user is not affected
        String bobChat = chatWithMessage(bobToken);
        share(bobToken, bobChat);
        http.delete().uri("/api/chats/{c}", bobChat).header("Authorization", "Bearer " + bobToken).exchange()
                .expectStatus().isNoContent();

        publish(UserEnabled.TYPE, new UserEnabled(UUID.randomUUID(), Instant.now(), jwt.subject(alice)));
        awaitRevokeOfNoShare(aliceToken, 404);
        // the old UserDisabled, replayed after she was enabled, changes nothing
        publish(UserDisabled.TYPE, disabled);
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(APPLIED_WITHIN)
                .until(() -> revokeOfNoShare(aliceToken), answered -> answered == 404);
        share(aliceToken, chatId);
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + aliceToken)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "And a cake?"))
                .exchange().expectStatus().isAccepted();
        http.delete().uri("/api/shares/{t}", shared).header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isNoContent();
        http.delete().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + aliceToken).exchange()
                .expectStatus().isNoContent();
    }

    private String chatWithMessage(String token) {
        String chatId = JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody(),
                "$.id");
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Plan a picnic"))
                .exchange().expectStatus().isAccepted();
        return chatId;
    }

    private String messages(String token, String chatId) {
        return http.get().uri("/api/chats/{c}/messages?view=tree", chatId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private String share(String token, String chatId) {
        return JsonPath.read(http.post().uri("/api/chats/{c}/shares", chatId)
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody(), "$.token");
    }

    /** Waits until revoking a share that does not exist answers {@code status}: a call that changes nothing. */
    private void awaitRevokeOfNoShare(String token, int status) {
        Awaitility.await().atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> revokeOfNoShare(token), answered -> answered == status);
    }

    /** What revoking a share that does not exist answers: 404 for a user in good standing, 403 for a disabled one. */
    private int revokeOfNoShare(String token) {
        return http.delete().uri("/api/shares/{t}", "no-such-share").header("Authorization", "Bearer " + token)
                .exchange().returnResult(Void.class).getStatus().value();
    }

    /** Publishes to auth.users.v1 as auth-service's outbox does: keyed by the user, the type in a header. */
    private void publish(String type, IntegrationEvent event) throws Exception {
        String userId = event instanceof UserDisabled d ? d.userId() : ((UserEnabled) event).userId();
        TestEvents.publish(infra.kafkaBootstrapServers(), Topics.AUTH_USERS, userId, type, event.eventId(),
                json.writeValueAsString(event));
    }
}
