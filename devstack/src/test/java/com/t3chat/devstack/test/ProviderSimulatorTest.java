package com.t3chat.devstack.test;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The simulator's wire formats, read raw (the langchain4j clients against it: {@link ProviderClientContract}). */
class ProviderSimulatorTest {

    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");
    private static final Pattern TEXT = Pattern.compile("\"(?:text|thinking)\":\"([^\"]+)\"");

    private static ProviderSimulator simulator;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void forget() {
        simulator.clear();
        simulator.resetCounters();
    }

    /** Sends a request; {@code headers} are name, value, name, value, …; a null body makes a GET. */
    private static HttpResponse<String> send(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.rootUrl() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        request.method(body == null ? "GET" : "POST",
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code text} / {@code thinking} values of a stream, concatenated. */
    private static String texts(String stream) {
        Matcher m = TEXT.matcher(stream);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            text.append(m.group(1));
        }
        return text.toString();
    }

    private static HttpResponse<String> chat(String model, String extra) throws Exception {
        return http.send(request(model, extra), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String model, String extra) {
        return HttpRequest.newBuilder(URI.create(simulator.openAiBaseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer sim-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true" + extra
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build();
    }

    private static String text(String sse) {
        Matcher m = CONTENT.matcher(sse);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            text.append(m.group(1));
        }
        return text.toString();
    }

    @Test
    void itStreamsChatCompletionChunksThenFinishReasonUsageAndDone() throws Exception {
        HttpResponse<String> response = chat("sim-len5-rate1000", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> events = List.of(response.body().split("\n\n"));
        assertThat(events).hasSize(1 + 5 + 1 + 1 + 1);
        assertThat(events.getFirst()).contains("\"role\":\"assistant\"");
        assertThat(text(response.body())).isEqualTo("w1 w2 w3 w4 w5");
        assertThat(events.get(6)).contains("\"finish_reason\":\"stop\"");
        assertThat(events.get(7)).contains("\"completion_tokens\":5");
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        assertThat(simulator.requests().getLast()).contains("\"model\":\"sim-len5-rate1000\"");
    }

    @Test
    void maxTokensCutsTheReplyWithFinishReasonLength() throws Exception {
        HttpResponse<String> response = chat("sim-len50-rate1000", ",\"max_tokens\":3");
        assertThat(text(response.body())).isEqualTo("w1 w2 w3");
        assertThat(response.body()).contains("\"finish_reason\":\"length\"");
    }

    @Test
    void theFirstTokenCanBeDelayed() throws Exception {
        long start = System.nanoTime();
        chat("sim-first300ms-len1", "");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anHttpStatusCanBeScripted() throws Exception {
        HttpResponse<String> limited = chat("sim-status429", "");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(limited.body()).contains("\"error\"");
        assertThat(chat("sim-status500", "").statusCode()).isEqualTo(500);
    }

    @Test
    void aRequestWithoutAKeyIsRefused() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(simulator.openAiBaseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim\"}")).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void aStreamCanFailOrBeCutMidway() throws Exception {
        String failed = chat("sim-fail2-rate1000", "").body();
        assertThat(text(failed)).isEqualTo("w1 w2");
        assertThat(failed).contains("event: error").doesNotContain("finish_reason\":\"", "[DONE]");

        String cut = chat("sim-cut3-rate1000", "").body();
        assertThat(text(cut)).isEqualTo("w1 w2 w3");
        assertThat(cut).doesNotContain("finish_reason\":\"", "[DONE]");
    }

    @Test
    void anEndlessStreamGoesOnUntilTheClientLeaves() throws Exception {
        HttpResponse<InputStream> response = http.send(request("sim-endless-rate500", ""),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] read = body.readNBytes(4000);
            assertThat(text(new String(read))).startsWith("w1 w2 w3");
            assertThat(simulator.openStreams()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(simulator.openStreams()).isZero());
    }

    // ------------------------------------------------------------------ shared by all protocols

    @Test
    void theModelNameScriptsAfterAnyPrefixAndIgnoresAnOllamaTag() {
        Script script = Script.parse("ollama/sim-len5-think2-flaky1-first30ms:latest");
        assertThat(script).isEqualTo(new Script(5, 200, 30, 0, -1, -1, false, 2, 1, false));
        assertThat(Script.parse("openai/sim-markdown-rate60").markdown()).isTrue();
        assertThat(String.join("", MarkdownSample.TOKENS)).isEqualTo(MarkdownSample.TEXT);
    }

    @Test
    void everyRequestIsRecordedWithMethodPathHeadersAndBody() throws Exception {
        send("/v1beta/models?pageSize=5", null, "X-Goog-Api-Key", "alice-key");
        chat("sim-len1", "");

        List<ProviderSimulator.Received> received = simulator.received();
        assertThat(received).extracting(ProviderSimulator.Received::method).containsExactly("GET", "POST");
        assertThat(received.getFirst().path()).isEqualTo("/v1beta/models?pageSize=5");
        assertThat(received.getFirst().header("x-goog-api-key")).isEqualTo("alice-key");
        assertThat(received.getFirst().body()).isEmpty();
        assertThat(received.getLast().header("AUTHORIZATION")).isEqualTo("Bearer sim-key");
        assertThat(simulator.requests()).singleElement().asString().contains("\"model\":\"sim-len1\"");

        simulator.clear();
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void onlyTheNewestRequestsAreKeptButAllAreCounted() throws Exception {
        try (ProviderSimulator small = ProviderSimulator.start(ProviderSimulator.Options.defaults().recordLast(2))) {
            for (String model : List.of("sim-len1-a", "sim-len1-b", "sim-len1-c")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(small.openAiBaseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer sim-key")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
            }

            assertThat(small.requests()).hasSize(2);
            assertThat(small.requests().getFirst()).contains("sim-len1-b");
            assertThat(small.requests().getLast()).contains("sim-len1-c");
            assertThat(small.requestCount()).isEqualTo(3);

            small.clear();
            assertThat(small.received()).isEmpty();
            assertThat(small.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void recordingCanBeSwitchedOffWhileRequestsAreStillCountedAndAnswered() throws Exception {
        try (ProviderSimulator unrecorded = ProviderSimulator.start(ProviderSimulator.Options.defaults().recordLast(0))) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(unrecorded.openAiBaseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer sim-key")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-len3\",\"messages\":[]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(text(response.body())).isEqualTo("w1 w2 w3");
            assertThat(unrecorded.received()).isEmpty();
            assertThat(unrecorded.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void asItsOwnProcessItTakesAPortAndHowManyRequestsToKeep() {
        assertThat(SimulatorMain.parse()).isEqualTo(new ProviderSimulator.Options(0, 0));
        assertThat(SimulatorMain.parse("--port", "18090", "--record-last", "50"))
                .isEqualTo(new ProviderSimulator.Options(18090, 50));
        assertThatThrownBy(() -> SimulatorMain.parse("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SimulatorMain.parse("--speed", "3")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SimulatorMain.parse("--record-last", "-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertThat(send("/v2/whatever", "{}", "Authorization", "Bearer k").statusCode()).isEqualTo(404);
    }

    @Test
    void theListingsAnswerWhatTheTestSets() throws Exception {
        try (ProviderSimulator own = ProviderSimulator.start().listing("one", "two")) {
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(URI.create(own.ollamaBaseUrl() + "/api/tags"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tags.body()).contains("\"name\":\"one\"", "\"name\":\"two\"").doesNotContain("\"name\":\"sim");
        }
    }

    @Nested
    class OpenAi {

        @Test
        void reasoningStreamsAsReasoningContentBeforeTheContent() throws Exception {
            String body = chat("sim-think2-len2-rate1000", "").body();
            List<String> events = List.of(body.split("\n\n"));

            assertThat(events.get(1)).contains("\"delta\":{\"reasoning_content\":\"r1\"}");
            assertThat(events.get(2)).contains("\"delta\":{\"reasoning_content\":\" r2\"}");
            assertThat(text(body)).isEqualTo("w1 w2");
            assertThat(body).contains("\"completion_tokens\":4,", "\"reasoning_tokens\":2");
        }

        @Test
        void aBadKeyIsRefusedWithTheKeyInTheErrorBody() throws Exception {
            HttpResponse<String> refused = send("/v1/chat/completions", "{\"model\":\"sim\"}",
                    "Authorization", "Bearer bad-sk-123");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("Incorrect API key provided: bad-sk-123", "invalid_api_key");
        }

        @Test
        void anyPathEndingInChatCompletionsIsServed() throws Exception {
            HttpResponse<String> response = send("/api/v1/chat/completions",
                    "{\"model\":\"sim-len2\",\"stream\":true,\"messages\":[]}", "Authorization", "Bearer k");
            assertThat(text(response.body())).isEqualTo("w1 w2");
        }

        @Test
        void imagePartsAreCountedIntoTheFirstToken() throws Exception {
            String image = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}";
            String body = send("/v1/chat/completions", "{\"model\":\"sim-len2\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"what?\"}," + image + "," + image + "]}]}",
                    "Authorization", "Bearer k").body();
            assertThat(text(body)).isEqualTo("img2 w2");
        }

        @Test
        void aFlakyModelIsRateLimitedForItsFirstRequests() throws Exception {
            assertThat(chat("sim-flaky2-len1", "").statusCode()).isEqualTo(429);
            HttpResponse<String> second = chat("sim-flaky2-len1", "");
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(chat("sim-flaky2-len1", "").statusCode()).isEqualTo(200);

            simulator.resetCounters();
            assertThat(chat("sim-flaky2-len1", "").statusCode()).isEqualTo(429);
        }

        @Test
        void theModelsAreListedWithTheKeyChecked() throws Exception {
            HttpResponse<String> listed = send("/v1/models", null, "Authorization", "Bearer k");
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).startsWith("{\"object\":\"list\",\"data\":[").contains(
                    "{\"id\":\"sim\",\"object\":\"model\",\"created\":0,\"owned_by\":\"simulator\"}");
            assertThat(send("/v1/models", null).statusCode()).isEqualTo(401);
            assertThat(send("/v1/models", null, "Authorization", "Bearer bad-x").body()).contains("bad-x");
        }
    }

    @Nested
    class Anthropic {

        private HttpResponse<String> messages(String model, String extra, String... headers) throws Exception {
            return send("/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":1024,\"stream\":true" + extra
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", headers.length > 0 ? headers
                    : new String[] {"x-api-key", "sk-ant-sim", "anthropic-version", "2023-06-01"});
        }

        private static List<String> eventNames(String stream) {
            return Arrays.stream(stream.split("\n\n")).map(event -> event.lines().findFirst().orElseThrow()).toList();
        }

        @Test
        void aReplyWithThinkingIsAThinkingBlockThenATextBlock() throws Exception {
            HttpResponse<String> response = messages("sim-think2-len2-rate1000",
                    ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}");

            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            String body = response.body();
            assertThat(eventNames(body)).containsExactly("event: message_start", "event: ping",
                    "event: content_block_start", "event: content_block_delta", "event: content_block_delta",
                    "event: content_block_delta", "event: content_block_stop",
                    "event: content_block_start", "event: content_block_delta", "event: content_block_delta",
                    "event: content_block_stop", "event: message_delta", "event: message_stop");
            assertThat(body).contains("\"usage\":{\"input_tokens\":",
                    "\"content_block\":{\"type\":\"thinking\"", "{\"type\":\"thinking_delta\",\"thinking\":\"r1\"}",
                    "\"type\":\"signature_delta\"", "\"index\":1,\"content_block\":{\"type\":\"text\"",
                    "{\"type\":\"text_delta\",\"text\":\" w2\"}",
                    "\"stop_reason\":\"end_turn\"", "\"usage\":{\"output_tokens\":4}");
            assertThat(texts(body)).isEqualTo("r1 r2w1 w2");
        }

        @Test
        void withoutThinkingEnabledThereIsNoThinkingBlock() throws Exception {
            String body = messages("sim-think2-len2-rate1000", "").body();
            assertThat(body).doesNotContain("thinking");
            assertThat(texts(body)).isEqualTo("w1 w2");
        }

        @Test
        void maxTokensEndsTheReplyWithStopReasonMaxTokens() throws Exception {
            String body = send("/v1/messages", "{\"model\":\"sim-len9\",\"max_tokens\":2,\"messages\":[]}",
                    "x-api-key", "k").body();
            assertThat(texts(body)).isEqualTo("w1 w2");
            assertThat(body).contains("\"stop_reason\":\"max_tokens\"");
        }

        @Test
        void aFailureMidStreamIsAnOverloadedErrorEvent() throws Exception {
            String body = messages("sim-len9-fail1", "").body();
            assertThat(body).endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded (simulated failure mid-stream).\"}}\n\n").doesNotContain("message_stop");
        }

        @Test
        void errorsHaveAnthropicsBody() throws Exception {
            HttpResponse<String> limited = messages("sim-status429", "");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(limited.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                    + "\"message\":\"Simulated HTTP 429.\"}}");
            assertThat(messages("sim-status529", "").body()).contains("overloaded_error");
        }

        @Test
        void theKeyIsCheckedAndABadOneEchoed() throws Exception {
            HttpResponse<String> missing = messages("sim", "", "anthropic-version", "2023-06-01");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.body()).contains("authentication_error");
            HttpResponse<String> bad = messages("sim", "", "x-api-key", "bad-ant-7");
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.body()).contains("invalid x-api-key: bad-ant-7");
        }

        @Test
        void imageBlocksAreCountedIntoTheFirstToken() throws Exception {
            String image = "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AA\"}}";
            String body = send("/v1/messages", "{\"model\":\"sim-len1\",\"max_tokens\":9,\"messages\":[{\"role\":"
                    + "\"user\",\"content\":[" + image + "," + image + ",{\"type\":\"text\",\"text\":\"?\"}]}]}",
                    "x-api-key", "k").body();
            assertThat(texts(body)).isEqualTo("img2");
        }

        @Test
        void theModelsAreListedInAnthropicsFormWhenTheRequestIsAnthropics() throws Exception {
            String body = send("/v1/models", null, "x-api-key", "k", "anthropic-version", "2023-06-01").body();
            assertThat(body).startsWith("{\"data\":[{\"type\":\"model\",\"id\":\"sim\",\"display_name\":")
                    .contains("\"created_at\":\"", "\"has_more\":false", "\"first_id\":\"sim\"", "\"last_id\":");
            assertThat(send("/v1/models", null, "anthropic-version", "2023-06-01").body())
                    .contains("authentication_error");
        }
    }

    @Nested
    class Gemini {

        private static final String REQUEST = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]";

        private HttpResponse<String> generate(String model, String extra, String... headers) throws Exception {
            return send("/v1beta/models/" + model + ":streamGenerateContent?alt=sse", REQUEST + extra + "}",
                    headers.length > 0 ? headers : new String[] {"x-goog-api-key", "AIza-sim"});
        }

        @Test
        void thoughtsThenTextThenAFinishReasonWithUsage() throws Exception {
            HttpResponse<String> response = generate("sim-think2-len2-rate1000",
                    ",\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingBudget\":99}}");

            List<String> chunks = List.of(response.body().split("\n\n"));
            assertThat(chunks).hasSize(5).allSatisfy(chunk -> assertThat(chunk).startsWith("data: {\"candidates\":"));
            assertThat(chunks.getFirst()).contains("\"parts\":[{\"text\":\"r1\",\"thought\":true}],\"role\":\"model\"");
            assertThat(chunks.get(2)).contains("\"parts\":[{\"text\":\"w1\"}]").doesNotContain("finishReason");
            assertThat(chunks.getLast()).contains("\"finishReason\":\"STOP\"", "\"candidatesTokenCount\":2",
                    "\"thoughtsTokenCount\":2", "\"promptTokenCount\":");
            assertThat(texts(response.body())).isEqualTo("r1 r2w1 w2");
        }

        @Test
        void withoutIncludeThoughtsThereAreNoThoughts() throws Exception {
            assertThat(generate("sim-think2-len2", "").body()).doesNotContain("thought\":true");
        }

        @Test
        void maxOutputTokensEndsTheReplyWithMaxTokens() throws Exception {
            String body = generate("sim-len9", ",\"generationConfig\":{\"maxOutputTokens\":2}").body();
            assertThat(texts(body)).isEqualTo("w1 w2");
            assertThat(body).contains("\"finishReason\":\"MAX_TOKENS\"");
        }

        @Test
        void theKeyMayComeAsAQueryParameter() throws Exception {
            HttpResponse<String> response = send("/v1beta/models/sim-len1:streamGenerateContent?alt=sse&key=AIza-q",
                    REQUEST + "}");
            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void theKeyIsCheckedAndABadOneEchoed() throws Exception {
            HttpResponse<String> missing = generate("sim", "", "Content-Type", "application/json");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.body()).contains("\"status\":\"UNAUTHENTICATED\"");
            HttpResponse<String> bad = generate("sim", "", "x-goog-api-key", "bad-AIza-9");
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.body()).contains("bad-AIza-9");
        }

        @Test
        void errorsHaveGooglesBody() throws Exception {
            HttpResponse<String> limited = generate("sim-status429", "");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(limited.body()).isEqualTo("{\"error\":{\"code\":429,\"message\":\"Simulated HTTP 429.\","
                    + "\"status\":\"RESOURCE_EXHAUSTED\"}}");
        }

        @Test
        void aFailureMidStreamIsAnErrorChunkThenABrokenConnection() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.geminiBaseUrl()
                            + "/models/sim-len9-fail1:streamGenerateContent?alt=sse"))
                    .header("x-goog-api-key", "k").POST(HttpRequest.BodyPublishers.ofString(REQUEST + "}")).build();
            List<String> lines = new ArrayList<>();
            try (BufferedReader body = new BufferedReader(new InputStreamReader(
                    http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()))) {
                assertThatThrownBy(() -> {
                    for (String line = body.readLine(); line != null; line = body.readLine()) {
                        lines.add(line);
                    }
                }).isInstanceOf(IOException.class);
            }
            assertThat(String.join("\n", lines)).contains("\"text\":\"w1\"",
                    "data: {\"error\":{\"code\":500,\"message\":\"Simulated failure mid-stream.\",\"status\":\"INTERNAL\"}}");
        }

        @Test
        void inlineDataPartsAreCountedIntoTheFirstToken() throws Exception {
            String body = send("/v1beta/models/sim-len1:streamGenerateContent?alt=sse", "{\"contents\":[{\"parts\":["
                    + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AA\"}},"
                    + "{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"AA\"}},{\"text\":\"?\"}]}]}",
                    "x-goog-api-key", "k").body();
            assertThat(texts(body)).isEqualTo("img2");
        }

        @Test
        void theModelsAreListedInGooglesForm() throws Exception {
            HttpResponse<String> listed = send("/v1beta/models", null, "x-goog-api-key", "k");
            assertThat(listed.body()).startsWith("{\"models\":[{\"name\":\"models/sim\",").contains(
                    "\"displayName\":", "\"inputTokenLimit\":", "\"outputTokenLimit\":",
                    "\"supportedGenerationMethods\":[\"generateContent\",\"streamGenerateContent\"]");
            assertThat(send("/v1beta/models?key=bad-q", null).body()).contains("bad-q");
        }
    }

    @Nested
    class Ollama {

        private HttpResponse<String> chat(String model, String extra, String... headers) throws Exception {
            return send("/api/chat", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"Hi\"}]" + extra + "}", headers);
        }

        @Test
        void linesOfJsonWithThinkingThenContentThenDone() throws Exception {
            HttpResponse<String> response = chat("sim-think2-len2-rate1000", ",\"think\":true");

            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            List<String> lines = response.body().lines().toList();
            assertThat(lines).hasSize(5);
            assertThat(lines.getFirst()).startsWith("{\"model\":\"sim-think2-len2-rate1000\",\"created_at\":\"")
                    .contains("\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"r1\"},\"done\":false}");
            assertThat(lines.get(2)).contains("\"message\":{\"role\":\"assistant\",\"content\":\"w1\"},\"done\":false}");
            assertThat(lines.getLast()).contains("\"done_reason\":\"stop\",\"done\":true", "\"prompt_eval_count\":",
                    "\"eval_count\":4");
        }

        @Test
        void withoutThinkThereIsNoThinking() throws Exception {
            assertThat(chat("sim-think2-len2", "").body()).doesNotContain("thinking");
        }

        @Test
        void numPredictEndsTheReplyWithLength() throws Exception {
            String body = chat("sim-len9", ",\"options\":{\"num_predict\":2}").body();
            assertThat(text(body)).isEqualTo("w1 w2");
            assertThat(body).contains("\"done_reason\":\"length\"");
        }

        @Test
        void noKeyIsNeededButABadOneIsRefusedAndEchoed() throws Exception {
            assertThat(chat("sim-len1", "").statusCode()).isEqualTo(200);
            HttpResponse<String> bad = chat("sim-len1", "", "Authorization", "Bearer bad-olla");
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.body()).isEqualTo("{\"error\":\"unauthorized: invalid key bad-olla\"}");
        }

        @Test
        void errorsAreAnErrorObjectAndAFailureMidStreamAnErrorLine() throws Exception {
            HttpResponse<String> failed = chat("sim-status500", "");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).isEqualTo("{\"error\":\"Simulated HTTP 500.\"}");
            assertThat(chat("sim-len9-fail1", "").body().lines().toList()).last()
                    .isEqualTo("{\"error\":\"Simulated failure mid-stream.\"}");
        }

        @Test
        void imagesAreCountedIntoTheFirstToken() throws Exception {
            String body = send("/api/chat", "{\"model\":\"sim-len1\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"?\",\"images\":[\"AA\",\"BB\",\"CC\"]}]}").body();
            assertThat(text(body)).isEqualTo("img3");
        }

        @Test
        void theModelsAreListedAsTags() throws Exception {
            assertThat(send("/api/tags", null).body()).startsWith("{\"models\":[{\"name\":\"sim\",\"model\":\"sim\",")
                    .contains("\"size\":", "\"details\":{");
        }
    }
}
