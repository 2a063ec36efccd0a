package com.t3chat.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.stack.LocalStack;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every model behind one API, through the gateway, with llm-service's providers pointed at the simulator: the
 * catalogue says what the caller can use, a key of one's own is checked before it is kept, and a reasoning model's
 * thinking streams apart from its answer.
 */
class ProvidersIT {

    private static final String THINKING_MODEL = "anthropic/sim-think20-len200-rate40";

    private static LocalStack stack;
    private static String gateway;

    @BeforeAll
    static void startTheSystem() {
        stack = SystemStack.get();
        gateway = stack.gatewayUrl();
    }

    @Test
    void theCatalogueAndKeysAreTheCallersOwn() {
        String alice = stack.accessToken("alice");
        String models = Http.get(gateway + "/api/models", alice).body();
        assertThat((List<Boolean>) JsonPath.read(models, "$.items[?(@.id == '" + THINKING_MODEL
                + "')].availability.usable")).containsExactly(true);
        assertThat((List<List<String>>) JsonPath.read(models, "$.items[?(@.id == '" + THINKING_MODEL
                + "')].capabilities")).containsExactly(List.of("vision", "reasoning"));

        HttpResponse<String> rejected = Http.putJson(gateway + "/api/keys/gemini", alice,
                "{\"apiKey\":\"bad-key-from-alice\"}");
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.body()).contains("urn:t3chat:problem:key-rejected").doesNotContain("bad-key-from-alice");

        HttpResponse<String> saved = Http.putJson(gateway + "/api/keys/gemini", alice,
                "{\"apiKey\":\"alices-own-gemini-key\"}");
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("\"maskedKey\":\"…-key\"").doesNotContain("alices-own-gemini-key");
        String bobsKeys = Http.get(gateway + "/api/keys", stack.accessToken("bob")).body();
        assertThat(bobsKeys).doesNotContain("gemini");
        assertThat(Http.delete(gateway + "/api/keys/gemini", alice).statusCode()).isEqualTo(204);
    }

    @Test
    void aReasoningModelsThinkingStreamsBeforeItsAnswer() {
        String alice = stack.accessToken("alice");
        String chatId = JsonPath.read(Http.postJson(gateway + "/api/chats", alice, "{}").body(), "$.id");
        HttpResponse<String> posted = Http.postJson(gateway + "/api/chats/" + chatId + "/messages", alice,
                "{\"content\":\"Think first\",\"model\":\"" + THINKING_MODEL + "\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        String replyId = JsonPath.read(posted.body(), "$.assistantMessage.id");

        List<String> kinds = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        SseStream.Event end;
        try (SseStream stream = SseStream.open(gateway + "/api/chats/" + chatId + "/messages/" + replyId + "/stream",
                alice, null)) {
            SseStream.Event event;
            while ((event = stream.next()) != null && !event.name().equals("done") && !event.name().equals("error")) {
                kinds.add(event.name());
                if (event.name().equals("reasoning")) {
                    reasoning.append((String) JsonPath.read(event.data(), "$.text"));
                }
            }
            end = event;
        }
        assertThat(end.name()).isEqualTo("done");
        assertThat((String) JsonPath.read(end.data(), "$.model")).isEqualTo(THINKING_MODEL);
        assertThat(reasoning.toString()).startsWith("r1 r2").endsWith(" r20");
        assertThat(kinds.indexOf("delta")).isGreaterThan(kinds.lastIndexOf("reasoning"));
    }
}
