package com.t3chat.llm.egress;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Provider endpoints over TLS, against a server with a certificate of the test's own that only a client built with
 * {@link TestCertificate#trust()} accepts. The server speaks HTTP/1.1 only here, as every endpoint is reached today.
 */
class SafeHttpClientOverTlsTest {

    private final List<SafeHttpClients> clients = new ArrayList<>();
    private final TlsTargetServer server = TlsTargetServer.http1Only();

    @AfterEach
    void stop() {
        clients.forEach(SafeHttpClients::close);
        server.close();
    }

    @Test
    void aStreamedCompletionFromTheOperatorsEndpointArrivesOverTls() throws Exception {
        server.handle("/v1/chat/completions", (request, reply) -> {
            reply.head(200, "text/event-stream");
            reply.event(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            reply.event(chunk("{\"content\":\"Hello\"}", null));
            reply.event(chunk("{\"content\":\" world\"}", null));
            reply.event(chunk("{}", "stop"));
            reply.event("[DONE]");
            reply.end();
        });
        var handler = new Handler();

        OpenAiStreamingChatModel.builder()
                .httpClientBuilder(trusting(EgressPolicy.unrestricted()).builder())
                .baseUrl(server.url("/v1"))
                .apiKey("k")
                .modelName("m")
                .build()
                .chat("Hi", handler);

        ChatResponse response = handler.done.get(10, SECONDS);
        assertThat(handler.partials).containsExactly("Hello", " world");
        assertThat(response.aiMessage().text()).isEqualTo("Hello world");
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.protocol()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(request.headers()).containsEntry("authorization", "Bearer k")
                    .doesNotContainKeys("accept-encoding", "cookie");
            assertThat(request.body().replaceAll("\\s", "")).contains("\"stream\":true", "Hi");
        });
    }

    @Test
    void anAllowListedDestinationOverTlsIsReachedAndOnlyThatPort() {
        server.handle("/v1/models", (request, reply) -> reply.respond(200, "application/json", "{\"data\":[]}"));
        HttpClient client = trusting(EgressPolicy.forUserUrls(List.of("127.0.0.1:" + server.port())))
                .builder().build();

        assertThat(client.execute(get(server.url("/v1/models"))).body()).isEqualTo("{\"data\":[]}");
        assertThatThrownBy(() -> client.execute(get("https://127.0.0.1:1/v1/models")))
                .isInstanceOf(EgressRefusedException.class);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aCertificateTheSystemDoesNotTrustIsRefused() {
        server.handle("/v1/models", (request, reply) -> reply.respond(200, "application/json", "{\"data\":[]}"));
        var systemTrust = new SafeHttpClients(EgressPolicy.unrestricted(), Duration.ofSeconds(5), 10);
        clients.add(systemTrust);

        assertThatThrownBy(() -> systemTrust.builder().build().execute(get(server.url("/v1/models"))))
                .hasCauseInstanceOf(SSLException.class);
        assertThat(server.requests()).isEmpty();
    }

    private SafeHttpClients trusting(EgressPolicy policy) {
        var made = new SafeHttpClients(policy,
                new SafeHttpClients.Pools(Duration.ofSeconds(5), Duration.ofSeconds(5), 10, Map.of()),
                TestCertificate.trust());
        clients.add(made);
        return made;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.builder().method(HttpMethod.GET).url(url).build();
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static final class Handler implements StreamingChatResponseHandler {

        final List<String> partials = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            partials.add(partial.text());
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }
    }
}
