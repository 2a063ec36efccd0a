package com.t3chat.llm.egress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's endpoints over TLS: HTTP/2 where the server offers it by ALPN, many streams on one connection,
 * HTTP/1.1 where it does not or where the streams are more than one connection takes, and everything else the client
 * promises unchanged. User URLs (allow-listed ones too) stay on HTTP/1.1; plain {@code http://} (no h2c) is what
 * {@link SafeHttpClientTest} and the provider simulator's ITs use. The servers have a certificate of the test's own
 * that only a client built with {@link TestCertificate#trust()} accepts.
 */
class SafeHttpClientOverTlsTest {

    private final List<SafeHttpClients> clients = new ArrayList<>();
    private final List<TlsTargetServer> servers = new ArrayList<>();
    private final List<RecordingListener> streams = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        for (RecordingListener stream : streams) {
            if (stream.opened() != null) {
                stream.context().parsingHandle().cancel();
            }
        }
        clients.forEach(SafeHttpClients::close);
        servers.forEach(TlsTargetServer::close);
    }

    @Test
    void aStreamedCompletionFromTheOperatorsEndpointArrivesOverHttp2() throws Exception {
        var server = server(TlsTargetServer.http2()).handle("/v1/chat/completions", (request, reply) -> {
            reply.head(200, "text/event-stream");
            reply.event(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            reply.event(chunk("{\"content\":\"Hello\"}", null));
            reply.event(chunk("{\"content\":\" world\"}", null));
            reply.event(chunk("{}", "stop"));
            reply.event("[DONE]");
            reply.end();
        });
        var handler = new RecordingHandler();

        OpenAiStreamingChatModel.builder()
                .httpClientBuilder(operator(100, 100).builder())
                .baseUrl(server.url("/v1"))
                .apiKey("k")
                .modelName("m")
                .build()
                .chat("Hi", handler);

        ChatResponse response = handler.done.get(10, SECONDS);
        assertThat(handler.partials).containsExactly("Hello", " world");
        assertThat(response.aiMessage().text()).isEqualTo("Hello world");
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.protocol()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(request.headers()).containsEntry("authorization", "Bearer k")
                    .doesNotContainKeys("accept-encoding", "cookie", "connection");
            assertThat(request.body().replaceAll("\\s", "")).contains("\"stream\":true", "Hi");
        });
    }

    @Test
    void streamsThatStartTogetherShareOneConnection() throws Exception {
        var server = server(TlsTargetServer.http2()).handle("/v1/endless", this::endless);
        HttpClient client = operator(100, 100).builder().build();

        List<RecordingListener> started = start(client, server.url("/v1/endless"), 20);

        for (RecordingListener stream : started) {
            assertThat(stream.nextEvent()).isEqualTo("tick");
        }
        assertThat(open).hasValue(20);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(20)
                .allSatisfy(request -> assertThat(request.protocol()).isEqualTo(HttpVersion.HTTP_2))
                .extracting(TlsTargetServer.Request::client).containsOnly(server.requests().getFirst().client());
        for (RecordingListener stream : started) {
            stream.context().parsingHandle().cancel();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> open.get() == 0);
        assertThat(started).allSatisfy(stream -> assertThat(stream.errors()).isEmpty());
    }

    @Test
    void streamsBeyondTheHttp2CapGoOverHttp11() throws Exception {
        var server = server(TlsTargetServer.http2()).handle("/v1/endless", this::endless);
        HttpClient client = operator(100, 2).builder().build();

        List<RecordingListener> started = start(client, server.url("/v1/endless"), 4);

        for (RecordingListener stream : started) {
            assertThat(stream.nextEvent()).isEqualTo("tick");
        }
        assertThat(open).hasValue(4);
        assertThat(protocols(server)).containsExactlyInAnyOrder(HttpVersion.HTTP_2, HttpVersion.HTTP_2,
                HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_1);
        assertThat(server.connections()).as("one shared, one per stream over HTTP/1.1").isEqualTo(3);
    }

    @Test
    void streamsTheServerHasNoRoomForGoOverHttp11() throws Exception {
        var server = server(TlsTargetServer.http2(2)).handle("/v1/endless", this::endless);
        HttpClient client = operator(100, 100).builder().build();

        List<RecordingListener> started = start(client, server.url("/v1/endless"), 4);

        for (RecordingListener stream : started) {
            assertThat(stream.nextEvent()).isEqualTo("tick");
            assertThat(stream.errors()).isEmpty();
        }
        assertThat(open).hasValue(4);
        assertThat(protocols(server)).containsExactlyInAnyOrder(HttpVersion.HTTP_2, HttpVersion.HTTP_2,
                HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_1);
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aServerThatOffersOnlyHttp11IsReachedOverIt() throws Exception {
        var server = server(TlsTargetServer.http1Only()).handle("/v1/models", (request, reply) ->
                reply.respond(200, "application/json", "{\"data\":[]}"))
                .handle("/v1/endless", this::endless);
        HttpClient client = operator(100, 100).builder().build();
        assertThat(client.execute(get(server.url("/v1/models"))).body()).isEqualTo("{\"data\":[]}");

        List<RecordingListener> started = start(client, server.url("/v1/endless"), 3);

        for (RecordingListener stream : started) {
            assertThat(stream.nextEvent()).isEqualTo("tick");
            assertThat(stream.errors()).isEmpty();
        }
        assertThat(open).hasValue(3);
        assertThat(server.requests()).hasSize(4)
                .allSatisfy(request -> assertThat(request.protocol()).isEqualTo(HttpVersion.HTTP_1_1));
        assertThat(server.connections()).as("the first answer's, then one per stream").isEqualTo(4);
        for (RecordingListener stream : started) {
            stream.context().parsingHandle().cancel();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> open.get() == 0);
    }

    @Test
    void cancellingAStreamResetsItAloneAndItsConnectionServesTheOthers() throws Exception {
        var replies = new CopyOnWriteArrayList<TlsTargetServer.Reply>();
        var server = server(TlsTargetServer.http2()).handle("/v1/endless", (request, reply) -> {
            replies.add(reply);
            endless(request, reply);
        });
        HttpClient client = operator(100, 100).builder().build();
        var first = stream(client, server.url("/v1/endless"));
        assertThat(first.nextEvent()).isEqualTo("tick");
        var second = stream(client, server.url("/v1/endless"));
        assertThat(second.nextEvent()).isEqualTo("tick");
        assertThat(server.connections()).isEqualTo(1);

        first.context().parsingHandle().cancel();

        assertThat(replies.getFirst().awaitGone(Duration.ofSeconds(5))).as("the server saw the stream reset").isTrue();
        first.awaitClose();
        assertThat(first.errors()).as("a cancelled stream ends quietly").isEmpty();
        await().atMost(Duration.ofSeconds(2)).until(() -> open.get() == 1);
        for (int i = 0; i < 3; i++) {
            assertThat(second.nextEvent()).isEqualTo("tick");
        }
        assertThat(second.errors()).isEmpty();
        assertThat(replies.get(1).isGone()).isFalse();
        var third = stream(client, server.url("/v1/endless"));
        assertThat(third.nextEvent()).isEqualTo("tick");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aStalledStreamTimesOutAlthoughAnotherKeepsItsConnectionBusy() throws Exception {
        var stalledReply = new CompletableFuture<TlsTargetServer.Reply>();
        var server = server(TlsTargetServer.http2()).handle("/v1/endless", this::endless)
                .handle("/v1/stalls", (request, reply) -> {
                    stalledReply.complete(reply);
                    reply.head(200, "text/event-stream");
                    reply.event("one");
                    reply.awaitGone(Duration.ofSeconds(30));
                })
                .handle("/v1/slow", (request, reply) -> reply.awaitGone(Duration.ofSeconds(30)));
        SafeHttpClients operator = operator(100, 100);
        var busy = stream(operator.builder().build(), server.url("/v1/endless"));
        assertThat(busy.nextEvent()).isEqualTo("tick");
        // another model's client, on the same connection
        HttpClient client = operator.builder().connectTimeout(Duration.ofMillis(200))
                .readTimeout(Duration.ofMillis(300)).build();

        var stalled = stream(client, server.url("/v1/stalls"));

        assertThat(stalled.nextEvent()).isEqualTo("one");
        assertThat(stalled.awaitError()).isInstanceOf(TimeoutException.class);
        assertThat(stalled.isClosed()).isFalse();
        assertThat(stalledReply.get(5, SECONDS).awaitGone(Duration.ofSeconds(5))).as("its stream reset").isTrue();
        assertThatThrownBy(() -> client.execute(get(server.url("/v1/slow")))).isInstanceOf(TimeoutException.class);
        assertThat(busy.nextEvent()).isEqualTo("tick");
        assertThat(busy.errors()).isEmpty();
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aHostsLimitCountsStreamsAlthoughTheyShareAConnection() throws Exception {
        var server = server(TlsTargetServer.http2()).handle("/v1/endless", this::endless);
        String hostAndPort = "127.0.0.1:" + server.port();
        var pools = new SafeHttpClients.Pools(Duration.ofSeconds(5), Duration.ofMillis(300), 100,
                Map.of(hostAndPort, 2));
        HttpClient client = track(new SafeHttpClients(EgressPolicy.unrestricted(), pools, TestCertificate.trust()))
                .builder().build();
        var first = stream(client, server.url("/v1/endless"));
        assertThat(first.nextEvent()).isEqualTo("tick");
        var second = stream(client, server.url("/v1/endless"));
        assertThat(second.nextEvent()).isEqualTo("tick");

        var third = stream(client, server.url("/v1/endless"));

        assertThat(third.awaitError()).isInstanceOf(PoolBusyException.class)
                .hasMessageContaining(hostAndPort).hasMessageContaining("PT0.3S");
        assertThat(third.opened()).isNull();
        assertThat(open).hasValue(2);
        assertThat(server.connections()).isEqualTo(1);
        first.context().parsingHandle().cancel();
        await().atMost(Duration.ofSeconds(2)).until(() -> open.get() == 1);
        var fourth = stream(client, server.url("/v1/endless"));
        assertThat(fourth.nextEvent()).isEqualTo("tick");
        assertThat(protocols(server)).containsOnly(HttpVersion.HTTP_2);
    }

    @Test
    void errorBodiesAreCutAndRedirectsHandedBackOverHttp2Too() throws Exception {
        var followed = new AtomicInteger();
        var server = server(TlsTargetServer.http2())
                .handle("/v1/fail", (request, reply) -> reply.respond(503, "text/plain", "x".repeat(20_000)))
                .handle("/v1/moved", (request, reply) -> {
                    reply.head(307, "text/plain");
                    reply.send("moved");
                    reply.end();
                })
                .handle("/v1/target", (request, reply) -> {
                    followed.incrementAndGet();
                    reply.respond(200, "text/plain", "followed");
                });
        HttpClient client = operator(100, 100).builder().build();

        assertThatThrownBy(() -> client.execute(get(server.url("/v1/fail"))))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).hasSize(8 * 1024).matches("x+");
                });
        var listener = stream(client, server.url("/v1/fail"));
        assertThat(listener.awaitError()).isInstanceOfSatisfying(HttpException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(listener.opened()).isNull();
        assertThat(listener.isClosed()).isFalse();
        assertThatThrownBy(() -> client.execute(get(server.url("/v1/moved"))))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.statusCode()).isEqualTo(307));
        assertThat(followed).hasValue(0);
        assertThat(protocols(server)).containsOnly(HttpVersion.HTTP_2);
        assertThat(server.connections()).as("an error body left unread resets its stream only").isEqualTo(1);
    }

    @Test
    void bodiesAndFormUploadsGoOutOverHttp2AsOverHttp11() throws Exception {
        var server = server(TlsTargetServer.http2())
                .handle("/v1/embeddings", (request, reply) -> reply.respond(200, "application/json", "{}"))
                .handle("/v1/audio/transcriptions", (request, reply) ->
                        reply.respond(200, "application/json", "{\"text\":\"hi\"}"));
        HttpClient client = operator(100, 100).builder().build();

        client.execute(HttpRequest.builder().method(HttpMethod.POST).url(server.url("/v1/embeddings"))
                .addHeader("Content-Type", "application/json").body("{\"input\":\"ü\"}").build());
        client.execute(HttpRequest.builder().method(HttpMethod.POST).url(server.url("/v1/audio/transcriptions"))
                .addHeader("Content-Type", "multipart/form-data")
                .addFormDataField("model", "whisper-1")
                .addFormDataFile("file", "talk ü.wav", "audio/wav", "RIFF".getBytes(UTF_8))
                .build());

        assertThat(server.requests()).hasSize(2).allSatisfy(request ->
                assertThat(request.protocol()).isEqualTo(HttpVersion.HTTP_2));
        assertThat(server.requests().getFirst()).satisfies(request -> {
            assertThat(request.headers()).containsEntry("content-type", "application/json");
            assertThat(request.body()).isEqualTo("{\"input\":\"ü\"}");
        });
        assertThat(server.requests().get(1)).satisfies(request -> {
            assertThat(request.headers().get("content-type")).startsWith("multipart/form-data; boundary=");
            assertThat(request.body()).contains("name=\"model\"", "whisper-1", "filename=\"talk ü.wav\"",
                    "audio/wav", "RIFF");
        });
    }

    @Test
    void withHttp2TurnedOffTheOperatorsEndpointsAreReachedOverHttp11() {
        var server = server(TlsTargetServer.http2()).handle("/v1/models", (request, reply) ->
                reply.respond(200, "application/json", "{\"data\":[]}"));

        assertThat(operator(100, 0).builder().build().execute(get(server.url("/v1/models"))).statusCode())
                .isEqualTo(200);
        assertThat(protocols(server)).containsExactly(HttpVersion.HTTP_1_1);
    }

    @Test
    void anAllowListedUserUrlOverTlsStaysOnHttp11AndOnlyThatPort() {
        var server = server(TlsTargetServer.http2()).handle("/v1/models", (request, reply) ->
                reply.respond(200, "application/json", "{\"data\":[]}"));
        HttpClient client = track(new SafeHttpClients(
                EgressPolicy.forUserUrls(List.of("127.0.0.1:" + server.port())), pools(100, 100),
                TestCertificate.trust())).builder().build();

        assertThat(client.execute(get(server.url("/v1/models"))).body()).isEqualTo("{\"data\":[]}");
        assertThatThrownBy(() -> client.execute(get("https://127.0.0.1:1/v1/models")))
                .isInstanceOf(EgressRefusedException.class);
        assertThat(protocols(server)).containsExactly(HttpVersion.HTTP_1_1);
    }

    @Test
    void aCertificateTheSystemDoesNotTrustIsRefused() {
        var server = server(TlsTargetServer.http2()).handle("/v1/models", (request, reply) ->
                reply.respond(200, "application/json", "{\"data\":[]}"));
        HttpClient overHttp2 = track(new SafeHttpClients(EgressPolicy.unrestricted(), Duration.ofSeconds(5), 10))
                .builder().build();
        HttpClient overHttp11 = track(new SafeHttpClients(EgressPolicy.forUserUrls(
                List.of("127.0.0.1:" + server.port())), Duration.ofSeconds(5), 10)).builder().build();

        assertThatThrownBy(() -> overHttp2.execute(get(server.url("/v1/models")))).hasCauseInstanceOf(SSLException.class);
        assertThatThrownBy(() -> overHttp11.execute(get(server.url("/v1/models"))))
                .hasCauseInstanceOf(SSLException.class);
        assertThat(server.requests()).isEmpty();
    }

    /** Ticks every 20 ms until the client goes away. */
    private void endless(TlsTargetServer.Request request, TlsTargetServer.Reply reply) throws Exception {
        open.incrementAndGet();
        try {
            reply.head(200, "text/event-stream");
            while (!reply.isGone()) {
                reply.event("tick");
                reply.awaitGone(Duration.ofMillis(20));
            }
        } finally {
            open.decrementAndGet();
        }
    }

    private List<RecordingListener> start(HttpClient client, String url, int count) {
        List<RecordingListener> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(stream(client, url));
        }
        return started;
    }

    private RecordingListener stream(HttpClient client, String url) {
        var listener = new RecordingListener();
        streams.add(listener);
        client.execute(get(url), listener);
        return listener;
    }

    private static List<ProtocolVersion> protocols(TlsTargetServer server) {
        return server.requests().stream().map(TlsTargetServer.Request::protocol).toList();
    }

    private SafeHttpClients operator(int maxStreamsPerHost, int http2StreamsPerHost) {
        return track(new SafeHttpClients(EgressPolicy.unrestricted(), pools(maxStreamsPerHost, http2StreamsPerHost),
                TestCertificate.trust()));
    }

    private static SafeHttpClients.Pools pools(int maxStreamsPerHost, int http2StreamsPerHost) {
        return new SafeHttpClients.Pools(Duration.ofSeconds(5), Duration.ofSeconds(5), maxStreamsPerHost, Map.of(),
                http2StreamsPerHost);
    }

    private SafeHttpClients track(SafeHttpClients made) {
        clients.add(made);
        return made;
    }

    private TlsTargetServer server(TlsTargetServer made) {
        servers.add(made);
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
}
