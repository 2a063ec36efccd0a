package com.t3chat.chat.share;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.chat.chat.ChatService;
import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Shares, search, branching, renaming and deleting chats, against a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        // its users post many messages whose replies never end here: not a test of the per-user limits (PostingLimitsIT)
        "t3chat.posting-limits.concurrent-replies=0", "t3chat.posting-limits.messages-per-minute=0"})
@AutoConfigureWebTestClient
class ChatLifecycleIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    ChatService chats;

    @Test
    void aShareLinkWorksLoggedOutUntilRevokedOrTheChatIsDeleted() {
        String alice = jwt.token("alice", "user");
        String chatId = chatWithAnswer(alice, "Plan a picnic", "Bring sandwiches.");

        String share = http.post().uri("/api/chats/{c}/shares", chatId).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        String token = JsonPath.read(share, "$.token");
        assertThat(token).hasSizeGreaterThanOrEqualTo(22); // >= 128 bits of base64url
        assertThat((String) JsonPath.read(share, "$.url")).endsWith("/s/" + token);

        String opened = http.get().uri("/api/shares/{t}", token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat((List<String>) JsonPath.read(opened, "$.messages[*].content"))
                .containsExactly("Plan a picnic", "Bring sandwiches.");
        assertThat(opened).doesNotContain(jwt.subject("alice")).doesNotContain(chatId).doesNotContain("ownerId");

        http.delete().uri("/api/shares/{t}", token).header("Authorization", "Bearer " + jwt.token("bob", "user"))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/chats/{c}/shares", chatId).header("Authorization", "Bearer " + alice).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].token").isEqualTo(token);
        http.delete().uri("/api/shares/{t}", token).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isNoContent();
        http.get().uri("/api/shares/{t}", token).exchange().expectStatus().isNotFound();

        String second = JsonPath.read(http.post().uri("/api/chats/{c}/shares", chatId)
                .header("Authorization", "Bearer " + alice).exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody(), "$.token");
        http.delete().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isNoContent();
        http.get().uri("/api/shares/{t}", second).exchange().expectStatus().isNotFound();
        http.get().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void searchFindsTheCallersWordsAndNotSomeoneElses() {
        String alice = jwt.token("alice", "user");
        String bob = jwt.token("bob", "user");
        String word = "zeppelin" + UUID.randomUUID().toString().substring(0, 6);
        String aliceChat = chatWithAnswer(alice, "Tell me about airships", "The " + word + " flew over the bay.");
        chatWithAnswer(bob, "Bob's secret", "Another " + word + " story.");

        String found = http.get().uri("/api/search?q={q}", word).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat((List<String>) JsonPath.read(found, "$.items[*].chatId")).containsExactly(aliceChat);
        assertThat((List<String>) JsonPath.read(found, "$.items[0].snippet[?(@.match == true)].text"))
                .containsExactly(word);
        assertThat(found).doesNotContain("Another");

        http.get().uri("/api/search?q=").header("Authorization", "Bearer " + alice).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void aBranchIsANewChatWithThePathUpToTheMessage() {
        String alice = jwt.token("alice", "user");
        String chatId = chatWithAnswer(alice, "First question", "First answer.");
        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        String firstAnswer = JsonPath.read(tree, "$.currentLeafId");
        post(alice, chatId, "Second question");

        String branched = http.post().uri("/api/chats/{c}/branch", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("messageId", firstAnswer))
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        String copy = JsonPath.read(branched, "$.id");
        assertThat(copy).isNotEqualTo(chatId);
        String copied = get(alice, "/api/chats/" + copy + "/messages?view=tree");
        assertThat((List<String>) JsonPath.read(copied, "$.messages[*].content"))
                .containsExactly("First question", "First answer.");
        assertThat((String) JsonPath.read(copied, "$.currentLeafId")).isEqualTo(JsonPath.read(branched,
                "$.currentLeafId"));
        // each copy's id is derived from the original's, and one ChatBranched names the copied path's end
        List<String> originals = JsonPath.read(tree, "$.messages[*].id");
        assertThat((List<String>) JsonPath.read(copied, "$.messages[*].id")).containsExactlyElementsOf(originals
                .stream().map(id -> ChatBranched.copyId(UUID.fromString(copy), UUID.fromString(id)).toString())
                .toList());
        String event = db.sql("select payload::text from outbox where event_key = :copy and event_type = :type")
                .bind("copy", copy).bind("type", ChatBranched.TYPE).map(row -> row.get(0, String.class)).one()
                .block(Duration.ofSeconds(10));
        assertThat((String) JsonPath.read(event, "$.sourceChatId")).isEqualTo(chatId);
        assertThat((String) JsonPath.read(event, "$.sourceMessageId")).isEqualTo(firstAnswer);
        http.post().uri("/api/chats/{c}/branch", chatId).header("Authorization", "Bearer " + jwt.token("bob", "user"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("messageId", firstAnswer))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void chatsCanBeRenamedPinnedArchivedAndFiltered() {
        String dana = jwt.token("dana-" + UUID.randomUUID(), "user");
        String chatId = JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + dana)
                .exchange().expectBody(String.class).returnResult().getResponseBody(), "$.id");
        http.patch().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + dana)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Renamed", "pinned", true))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("Renamed").jsonPath("$.pinned").isEqualTo(true);
        http.patch().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + dana)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "  "))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("title");
        http.get().uri("/api/chats?pinned=true").header("Authorization", "Bearer " + dana).exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1);
        http.get().uri("/api/chats?archived=true").header("Authorization", "Bearer " + dana).exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        http.patch().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + jwt.token("bob", "user"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Mine now"))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void aChatCanNameAFallbackModelAndClearItAgain() {
        String erin = jwt.token("erin-" + UUID.randomUUID(), "user");
        String chatId = JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + erin)
                .exchange().expectBody(String.class).returnResult().getResponseBody(), "$.id");
        http.patch().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + erin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("fallbackModel", "anthropic/claude-x"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.fallbackModel").isEqualTo("anthropic/claude-x");
        http.patch().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + erin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "Still there"))
                .exchange().expectBody().jsonPath("$.fallbackModel").isEqualTo("anthropic/claude-x");
        http.patch().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + erin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("fallbackModel", "no model"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("fallbackModel");
        http.patch().uri("/api/chats/{c}", chatId).header("Authorization", "Bearer " + erin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("fallbackModel", ""))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.fallbackModel").doesNotExist();
    }

    @Test
    void theFirstReplyTitlesTheChatFromItsQuestionOnce() {
        String alice = jwt.token("alice-" + UUID.randomUUID(), "user");
        String chatId = chatWithAnswer(alice, "how do I bake sourdough bread at home?", "Slowly.");
        UUID chat = UUID.fromString(chatId);
        UUID firstReply = UUID.fromString(JsonPath.read(get(alice, "/api/chats/" + chatId + "/messages?view=tree"),
                "$.currentLeafId"));
        UUID secondReply = UUID.fromString(JsonPath.read(post(alice, chatId, "and rye?"), "$.assistantMessage.id"));

        assertThat(chats.titleForFirstReply(chat, secondReply).block(Duration.ofSeconds(10))).isEmpty();
        assertThat(chats.titleForFirstReply(chat, firstReply).block(Duration.ofSeconds(10)))
                .hasValue("How do I bake sourdough bread");
        assertThat((String) JsonPath.read(get(alice, "/api/chats/" + chatId), "$.title"))
                .isEqualTo("How do I bake sourdough bread");
        // once: the title is no longer the default
        assertThat(chats.titleForFirstReply(chat, firstReply).block(Duration.ofSeconds(10))).isEmpty();
    }

    /** A chat with one question and its (finished) answer, as llm-service's completion would leave it. */
    private String chatWithAnswer(String token, String question, String answer) {
        String chatId = JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .exchange().expectBody(String.class).returnResult().getResponseBody(), "$.id");
        String replyId = JsonPath.read(post(token, chatId, question), "$.assistantMessage.id");
        db.sql("update message set status = 'complete', content = :answer, finish_reason = 'stop' where id = :id")
                .bind("answer", answer).bind("id", UUID.fromString(replyId)).then().block(Duration.ofSeconds(10));
        return chatId;
    }

    private String post(String token, String chatId, String content) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", content))
                .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
    }

    private String get(String token, String path) {
        return http.get().uri(path).header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }
}
