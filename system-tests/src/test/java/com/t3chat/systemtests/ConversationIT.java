package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.stack.LocalStack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A conversation through the gateway: the reply streams, survives a dropped connection, resumes on a replica. */
class ConversationIT {

    private static final int SECOND_CHAT_REPLICA_PORT = 8092;

    private static LocalStack stack;
    private static String gateway;
    private static String secondReplica;

    @BeforeAll
    static void startTheSystem() {
        stack = SystemStack.get();
        gateway = stack.gatewayUrl();
        secondReplica = SystemStack.replica("chat-service", SECOND_CHAT_REPLICA_PORT);
    }

    @Test
    void aReplyResumedOnAnotherReplicaAfterADroppedConnectionHasNoGapAndNoDuplicate() {
        String alice = stack.accessToken("alice");
        String chatId = createChat(alice);
        HttpResponse<String> posted = Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"Write 300 words about event streaming\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        String replyId = JsonPath.read(posted.body(), "$.assistantMessage.id");
        String streamPath = "/api/chats/" + chatId + "/messages/" + replyId + "/stream";

        StringBuilder text = new StringBuilder();
        String lastId;
        try (SseStream first = SseStream.open(gateway + streamPath, alice, null)) {
            assertThat(first.status()).isEqualTo(200);
            lastId = readDeltas(first, 3, text);
        } // the browser went away: this is not a stop

        List<String> ids = new ArrayList<>();
        SseStream.Event end;
        try (SseStream resumed = SseStream.open(secondReplica + streamPath, alice, lastId)) {
            assertThat(resumed.status()).isEqualTo(200);
            SseStream.Event event;
            while ((event = resumed.next()) != null
                    && (event.name().equals("delta") || event.name().equals("title"))) {
                if (event.name().equals("delta")) {
                    ids.add(event.id());
                    text.append((String) JsonPath.read(event.data(), "$.text"));
                }
            }
            end = event;
        }
        assertThat(end.name()).isEqualTo("done");
        assertThat((String) JsonPath.read(end.data(), "$.finishReason")).isEqualTo("stop");
        assertThat(Long.parseLong(ids.getFirst())).isEqualTo(Long.parseLong(lastId) + 1);

        String stored = storedReply(alice, chatId, replyId, "complete");
        assertThat(text.toString()).isEqualTo(stored);
        assertThat(stored.split("\\s+").length).isGreaterThan(250);
        assertThat(stored).contains("event streaming");
    }

    @Test
    void stopKeepsTheTextSoFarAndAnotherUserSeesNothing() {
        String alice = stack.accessToken("alice");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"Write 2000 words about patience\"}").body(), "$.assistantMessage.id");
        String streamPath = "/api/chats/" + chatId + "/messages/" + replyId + "/stream";

        String bob = stack.accessToken("bob");
        assertThat(Http.get(gateway + streamPath, bob).statusCode()).isEqualTo(404);
        assertThat(Http.postJson(gateway + "/api/chats/" + chatId + "/messages/" + replyId + "/stop", bob, "")
                .statusCode()).isEqualTo(404);

        StringBuilder text = new StringBuilder();
        try (SseStream stream = SseStream.open(gateway + streamPath, alice, null)) {
            readDeltas(stream, 2, text);
            assertThat(Http.postJson(gateway + "/api/chats/" + chatId + "/messages/" + replyId + "/stop", alice, "")
                    .statusCode()).isEqualTo(202);
            SseStream.Event event;
            while ((event = stream.next()) != null && !event.name().equals("done")) {
                if (event.name().equals("delta")) {
                    text.append((String) JsonPath.read(event.data(), "$.text"));
                }
            }
            assertThat(event).isNotNull();
            assertThat((String) JsonPath.read(event.data(), "$.finishReason")).isEqualTo("stopped");
        }
        String stored = storedReply(alice, chatId, replyId, "complete");
        assertThat(stored).isEqualTo(text.toString());
        assertThat(stored.split("\\s+").length).isLessThan(2000);
    }

    @Test
    void aProviderReplyStreamsThroughEveryPartAndAProviderErrorMidStreamFailsIt() {
        String alice = stack.accessToken("alice");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"Hello provider\",\"model\":\"openai/sim-len300-rate40\"}").body(),
                "$.assistantMessage.id");
        StringBuilder text = new StringBuilder();
        SseStream.Event end = readToEnd(alice, chatId, replyId, text);
        assertThat(end.name()).isEqualTo("done");
        assertThat(storedReply(alice, chatId, replyId, "complete")).isEqualTo(text.toString()).startsWith("w1 w2");

        String failingId = JsonPath.read(Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"Again\",\"model\":\"openai/sim-len100-fail40-rate40\"}").body(),
                "$.assistantMessage.id");
        StringBuilder partial = new StringBuilder();
        SseStream.Event failed = readToEnd(alice, chatId, failingId, partial);
        assertThat(failed.name()).isEqualTo("error");
        assertThat((String) JsonPath.read(failed.data(), "$.reason")).isNotBlank();
        assertThat(storedReply(alice, chatId, failingId, "failed")).isEqualTo(partial.toString()).startsWith("w1");
    }

    private static SseStream.Event readToEnd(String token, String chatId, String replyId, StringBuilder text) {
        try (SseStream stream = SseStream.open(gateway + "/api/chats/" + chatId + "/messages/" + replyId + "/stream",
                token, null)) {
            SseStream.Event event;
            while ((event = stream.next()) != null) {
                switch (event.name()) {
                    case "delta" -> text.append((String) JsonPath.read(event.data(), "$.text"));
                    case "done", "error" -> {
                        return event;
                    }
                    default -> {
                    }
                }
            }
            throw new AssertionError("the stream of " + replyId + " ended without done or error");
        }
    }

    @Test
    void aMessageForAModelThatDoesNotExistIsRefused() {
        String alice = stack.accessToken("alice");
        String chatId = createChat(alice);
        HttpResponse<String> refused = Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"Hi\",\"model\":\"acme/does-not-exist\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat((String) JsonPath.read(refused.body(), "$.errors[0].field")).isEqualTo("model");
        HttpResponse<String> accepted = Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"Hi\",\"model\":\"offline/demo\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String tree = Http.get(gateway + "/api/chats/" + chatId + "/messages", alice).body();
        assertThat((List<?>) JsonPath.read(tree, "$.messages")).hasSize(2);
    }

    /** Reads {@code count} deltas into {@code text}; answers the id of the last. */
    private static String readDeltas(SseStream stream, int count, StringBuilder text) {
        String lastId = null;
        int seen = 0;
        while (seen < count) {
            SseStream.Event event = stream.next();
            assertThat(event).as("the stream ended early").isNotNull();
            if (event.name().equals("delta")) {
                text.append((String) JsonPath.read(event.data(), "$.text"));
                lastId = event.id();
                seen++;
            }
        }
        return lastId;
    }

    private static String createChat(String token) {
        HttpResponse<String> chat = Http.postJson(gateway + "/api/chats", token, "{}");
        assertThat(chat.statusCode()).isEqualTo(201);
        return JsonPath.read(chat.body(), "$.id");
    }

    private static String storedReply(String token, String chatId, String replyId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String tree = Http.get(gateway + "/api/chats/" + chatId + "/messages", token).body();
            List<String> statuses = JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].status");
            if (statuses.contains(status)) {
                List<String> content = JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].content");
                return content.getFirst();
            }
        }
        throw new AssertionError("reply " + replyId + " never became " + status);
    }
}
