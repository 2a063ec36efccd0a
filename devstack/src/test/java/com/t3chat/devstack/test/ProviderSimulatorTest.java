package com.t3chat.devstack.test;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderSimulatorTest {

    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");

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
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (simulator.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(simulator.openStreams()).isZero();
    }
}
