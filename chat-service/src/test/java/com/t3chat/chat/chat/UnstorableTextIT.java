package com.t3chat.chat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Text PostgreSQL cannot store (NUL), other control characters and half characters are refused at the edge as
 * {@code 400 validation} naming the field — they used to reach the database and answer 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient
class UnstorableTextIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    private final String alice = jwt.token("alice", "user");

    private WebTestClient.ResponseSpec send(String method, String path, Object body) {
        return http.method(HttpMethod.valueOf(method)).uri(path)
                .header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    private static void refused(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m)
                        .startsWith("must not contain"));
    }

    private String newChat() {
        return JsonPath.read(send("POST", "/api/chats", Map.of("title", "Fine 😀"))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody(), "$.id");
    }

    @Test
    void aNulInAChatTitleIsRefusedNamingTheTitle() {
        refused(send("POST", "/api/chats", Map.of("title", "Trip\u0000to Lisbon")), "title");
        refused(send("PATCH", "/api/chats/" + newChat(), Map.of("title", "\u0000")), "title");
        refused(send("POST", "/api/chats", "{\"title\":\"half \\ud83d a smile\"}"), "title");
        refused(send("POST", "/api/chats", Map.of("title", "bell \u0007")), "title");
    }

    @Test
    void aNulInAMessageIsRefusedNamingTheContent() {
        String chat = newChat();
        refused(send("POST", "/api/chats/" + chat + "/messages", Map.of("content", "hello\u0000world")), "content");
        refused(send("POST", "/api/chats/" + chat + "/messages", Map.of("content", "escape \u001b[31m red")),
                "content");
    }

    @Test
    void aNulInASearchQueryIsRefusedNamingTheParameter() {
        refused(http.get().uri("/api/search?q={q}", "a\u0000b").header("Authorization", "Bearer " + alice)
                .exchange(), "q");
    }

    @Test
    void textWithLineBreaksTabsAndEmojiIsKeptAsSent() {
        String title = "Line one\nline two\t😀 — Ünïcödé";
        send("POST", "/api/chats", Map.of("title", title)).expectStatus().isCreated()
                .expectBody().jsonPath("$.title").isEqualTo(title);
    }
}
