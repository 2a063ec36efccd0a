package com.t3chat.llm.egress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real langchain4j model, talking to a minimal OpenAI-compatible endpoint through the policy-enforcing client. */
class OpenAiThroughSafeHttpClientTest {

    private final TargetServer server = TargetServer.start();
    private final SafeHttpClients clients = new SafeHttpClients(
            EgressPolicy.forUserUrls(List.of("127.0.0.1:" + server.port())), Duration.ofSeconds(5), 10);

    @AfterEach
    void stop() throws IOException {
        clients.close();
        server.close();
    }

    @Test
    void aStreamedReplyArrivesThroughTheSafeClient() throws Exception {
        var request = new AtomicReference<String>();
        server.handle("/v1/chat/completions", exchange -> {
            request.set(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), UTF_8).replaceAll("\\s", ""));
            try (OutputStream out = startStream(exchange)) {
                TargetServer.event(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
                TargetServer.event(out, chunk("{\"content\":\"Hello\"}", null));
                TargetServer.event(out, chunk("{\"content\":\" world\"}", null));
                TargetServer.event(out, chunk("{}", "stop"));
                TargetServer.event(out, "[DONE]");
            }
        });
        var handler = new RecordingHandler();

        model().chat("Hi", handler);

        ChatResponse response = handler.done.get(10, SECONDS);
        assertThat(handler.partials).containsExactly("Hello", " world");
        assertThat(response.aiMessage().text()).isEqualTo("Hello world");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(handler.errors).isEmpty();
        assertThat(request.get()).startsWith("Bearer k {").contains("\"model\":\"m\"", "\"stream\":true", "Hi");
    }

    @Test
    void theModelKeepsNoTextOfTheEventsItHasRead() throws Exception {
        int tokens = 2_000;
        server.handle("/v1/chat/completions", exchange -> {
            try (OutputStream out = startStream(exchange)) {
                for (int i = 0; i < tokens; i++) {
                    TargetServer.event(out, chunk("{\"content\":\"w" + i + " \"}", null));
                }
                TargetServer.event(out, chunk("{}", "stop"));
                TargetServer.event(out, "[DONE]");
            }
        });
        var handler = new RecordingHandler();

        model().chat("Talk", handler);

        ChatResponse response = handler.done.get(10, SECONDS);
        assertThat(handler.partials).hasSize(tokens);
        assertThat(response.aiMessage().text()).startsWith("w0 w1 ").endsWith("w1999 ");
        // langchain4j keeps every raw event of a stream until its end: here they hold nothing
        var raw = ((OpenAiChatResponseMetadata) response.metadata()).rawServerSentEvents();
        assertThat(raw).hasSizeGreaterThanOrEqualTo(tokens)
                .allSatisfy(event -> assertThat(event.data()).isNull());
    }

    @Test
    void cancellingTheModelsStreamingHandleClosesTheConnection() throws Exception {
        var stream = server.endlessStream("/v1/chat/completions", chunk("{\"content\":\"word \"}", null));
        var handler = new RecordingHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                super.onPartialResponse(partial, context);
                if (partials.size() == 3) {
                    context.streamingHandle().cancel();
                }
            }
        };

        model().chat("Talk forever", handler);

        assertThat(stream.clientGone().await(5, SECONDS)).as("the server saw the client go away").isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> stream.open().get() == 0);
        assertThat(handler.partials).hasSize(3);
        assertThat(handler.done).isNotDone();
        assertThat(handler.errors).isEmpty();
    }

    private StreamingChatModel model() {
        return OpenAiStreamingChatModel.builder()
                .httpClientBuilder(clients.builder())
                .baseUrl(server.url("/v1"))
                .apiKey("k")
                .modelName("m")
                .build();
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }
}
