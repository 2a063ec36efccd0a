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
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHttpClientTest {

    private final TargetServer server = TargetServer.start();
    private final List<SafeHttpClients> pools = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        pools.forEach(SafeHttpClients::close);
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/", "http://localhost:%d/", "http://[::1]:%d/",
            "http://[::ffff:127.0.0.1]:%d/", "http://2130706433:%d/", "http://127.1:%d/", "http://0.0.0.0:%d/",
            "http://10.0.0.1:%d/", "http://172.16.5.5:%d/", "http://192.168.1.1:%d/",
            "http://169.254.169.254:%d/latest/meta-data/", "http://100.64.0.1:%d/", "http://[fe80::1]:%d/",
            "http://[fd00::1]:%d/", "http://[64:ff9b::a00:1]:%d/", "http://[2002:7f00:1::]:%d/",
            "http://metadata.google.internal:%d/computeMetadata/v1/"})
    void aUserUrlToThisMachineOrAPrivateNetworkIsRefusedAtOnceWithoutConnecting(String template) throws Exception {
        String url = template.formatted(server.listenerPort());
        HttpClient client = userUrlClient();
        long started = System.nanoTime();

        assertThatThrownBy(() -> client.execute(get(url))).isInstanceOf(EgressRefusedException.class);
        var listener = new RecordingListener();
        client.execute(get(url), listener);

        assertThat(listener.awaitError()).isInstanceOf(EgressRefusedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(listener.opened()).isNull();
        assertThat(server.connections()).isZero();
    }

    @Test
    void aNameIsJudgedByTheAddressItResolvesToWhenTheConnectionIsMade() {
        // a public-looking name whose DNS answer points back at this machine (rebinding)
        var pool = pool(new SafeHttpClients(EgressPolicy.forUserUrls(List.of()), Duration.ofSeconds(10), 10,
                host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})}));
        String url = "http://rebound.example:" + server.listenerPort() + "/v1/chat/completions";

        assertThat(pool.policy().check(url)).isEmpty();
        assertThatThrownBy(() -> pool.builder().build().execute(get(url)))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("Refused to connect to rebound.example: it resolves to a loopback address")
                .satisfies(e -> assertThat(((EgressRefusedException) e).host()).isEqualTo("rebound.example"));
        assertThat(server.connections()).isZero();
    }

    @Test
    void redirectsAreHandedBackNeverFollowed() throws Exception {
        var followed = new AtomicInteger();
        server.handle("/metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            TargetServer.respond(exchange, 302, "");
        }).handle("/again", exchange -> {
            exchange.getResponseHeaders().add("Location", server.url("/target"));
            TargetServer.respond(exchange, 307, "moved");
        }).handle("/target", exchange -> {
            followed.incrementAndGet();
            TargetServer.respond(exchange, 200, "followed");
        });
        HttpClient client = allowListedClient();

        assertThatThrownBy(() -> client.execute(get(server.url("/metadata"))))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.statusCode()).isEqualTo(302));
        assertThatThrownBy(() -> client.execute(post(server.url("/again"), "{}")))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(307);
                    assertThat(e.getMessage()).isEqualTo("moved");
                });
        var listener = new RecordingListener();
        client.execute(get(server.url("/again")), listener);
        assertThat(listener.awaitError())
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.statusCode()).isEqualTo(307));
        assertThat(followed).hasValue(0);
    }

    @Test
    void anAllowListedDestinationWorksEndToEndAndOnlyThatPort() {
        var received = new AtomicReference<String>();
        server.handle("/v1/echo", exchange -> {
            received.set(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            TargetServer.respond(exchange, 200, "{\"ok\":true}");
        });
        HttpClient client = allowListedClient();

        var response = client.execute(HttpRequest.builder().method(HttpMethod.POST).url(server.url("/v1/echo"))
                .addHeader("Authorization", "Bearer k").addHeader("Content-Type", "application/json")
                .body("{\"q\":\"é\"}").build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers()).containsKey("Content-type");
        assertThat(received).hasValue("POST Bearer k application/json {\"q\":\"é\"}");
        assertThatThrownBy(() -> client.execute(get("http://127.0.0.1:" + server.listenerPort() + "/")))
                .isInstanceOf(EgressRefusedException.class);
        assertThat(server.connections()).isZero();
    }

    @Test
    void streamedEventsArriveAsTheServerSendsThem() throws Exception {
        var firstDelivered = new CountDownLatch(1);
        var serverWaited = new CompletableFuture<Boolean>();
        server.handle("/v1/events", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                TargetServer.event(out, "one");
                // the stream stays open until the client has the first event: it cannot be buffered to the end
                serverWaited.complete(firstDelivered.await(5, SECONDS));
                TargetServer.event(out, "two");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var listener = new RecordingListener();

        allowListedClient().execute(get(server.url("/v1/events")), listener);

        assertThat(listener.nextEvent()).isEqualTo("one");
        assertThat(serverWaited).isNotDone();
        assertThat(listener.opened().statusCode()).isEqualTo(200);
        firstDelivered.countDown();
        assertThat(listener.nextEvent()).isEqualTo("two");
        listener.awaitClose();
        assertThat(serverWaited.get(5, SECONDS)).isTrue();
        assertThat(listener.errors()).isEmpty();
    }

    @Test
    void cancellingAStreamClosesItsConnectionAtOnce() throws Exception {
        var stream = server.endlessStream("/v1/endless", "tick");
        var listener = new RecordingListener();
        allowListedClient().execute(get(server.url("/v1/endless")), listener);
        assertThat(listener.nextEvent()).isEqualTo("tick");
        assertThat(stream.open()).hasValue(1);

        // what langchain4j's StreamingHandle.cancel() does; here from a thread other than the stream's
        listener.context().parsingHandle().cancel();

        assertThat(stream.clientGone().await(5, SECONDS)).as("the server saw the client go away").isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> stream.open().get() == 0);
        listener.awaitClose();
        assertThat(listener.errors()).as("a cancelled stream ends quietly").isEmpty();
    }

    @Test
    void aStreamCancelledByItsOwnListenerIsClosedAtOnceToo() throws Exception {
        var stream = server.endlessStream("/v1/endless", "tick");
        var listener = new RecordingListener() {
            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                super.onEvent(event, context);
                context.parsingHandle().cancel();
            }
        };

        allowListedClient().execute(get(server.url("/v1/endless")), listener);

        assertThat(stream.clientGone().await(5, SECONDS)).as("the server saw the client go away").isTrue();
        listener.awaitClose();
        assertThat(listener.nextEvent()).isEqualTo("tick");
        assertThat(listener.errors()).isEmpty();
    }

    @Test
    void aResponseReadToItsEndLeavesItsConnectionForTheNextRequest() {
        var clientPorts = new CopyOnWriteArrayList<Integer>();
        server.handle("/v1/models", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            TargetServer.respond(exchange, 200, "{\"data\":[]}");
        }).handle("/v1/events", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                TargetServer.event(out, "only");
            }
        });
        HttpClient client = allowListedClient();

        client.execute(get(server.url("/v1/models")));
        var listener = new RecordingListener();
        client.execute(get(server.url("/v1/events")), listener);
        assertThat(catching(listener::nextEvent)).isEqualTo("only");
        catching(() -> {
            listener.awaitClose();
            return null;
        });
        client.execute(get(server.url("/v1/models")));

        assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.getFirst());
    }

    @Test
    void aFailedStreamReportsTheStatusAndTheStartOfTheBody() throws Exception {
        server.handle("/v1/fail", exchange -> TargetServer.respond(exchange, 503, "x".repeat(20_000)));
        HttpClient client = allowListedClient();
        var listener = new RecordingListener();

        client.execute(get(server.url("/v1/fail")), listener);

        assertThat(listener.awaitError()).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.getMessage()).hasSize(8 * 1024).matches("x+");
        });
        assertThat(listener.opened()).isNull();
        assertThat(listener.isClosed()).isFalse();
        assertThatThrownBy(() -> client.execute(get(server.url("/v1/fail"))))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).hasSize(8 * 1024);
                });
    }

    @Test
    void theReadTimeoutIsTheLongestSilenceBetweenBytes() throws Exception {
        server.handle("/v1/slow", exchange -> {
            pause(Duration.ofSeconds(3));
            TargetServer.respond(exchange, 200, "late");
        }).handle("/v1/stalls", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                TargetServer.event(out, "one");
                pause(Duration.ofSeconds(3));
                TargetServer.event(out, "two");
            }
        });
        HttpClient client = pool(EgressPolicy.forUserUrls(List.of("127.0.0.1:" + server.port()))).builder()
                .readTimeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> client.execute(get(server.url("/v1/slow")))).isInstanceOf(TimeoutException.class);
        var listener = new RecordingListener();
        client.execute(get(server.url("/v1/stalls")), listener);
        assertThat(listener.nextEvent()).isEqualTo("one");
        assertThat(listener.awaitError()).isInstanceOf(TimeoutException.class);
        assertThat(listener.isClosed()).isFalse();
    }

    @Test
    void aHostWithAllItsConnectionsInUseAnswersPoolBusyAfterThePoolWaitWithoutConnecting() throws Exception {
        var stream = server.endlessStream("/v1/endless", "tick");
        String hostAndPort = "127.0.0.1:" + server.port();
        var clients = pool(new SafeHttpClients(EgressPolicy.unrestricted(), new SafeHttpClients.Pools(
                Duration.ofSeconds(5), Duration.ofMillis(300), 100, java.util.Map.of(hostAndPort, 2))));
        HttpClient client = clients.builder().build();
        var first = new RecordingListener();
        var second = new RecordingListener();
        client.execute(get(server.url("/v1/endless")), first);
        client.execute(get(server.url("/v1/endless")), second);
        assertThat(first.nextEvent()).isEqualTo("tick");
        assertThat(second.nextEvent()).isEqualTo("tick");

        // this host's own limit (2), not the default (100): the third stream waits, then is refused as pool busy
        var third = new RecordingListener();
        client.execute(get(server.url("/v1/endless")), third);
        assertThat(third.awaitError()).isInstanceOf(PoolBusyException.class)
                .hasMessageContaining(hostAndPort).hasMessageContaining("PT0.3S");
        assertThat(third.opened()).isNull();
        assertThat(stream.open()).hasValue(2);
        assertThatThrownBy(() -> client.execute(get(server.url("/v1/endless")))).isInstanceOf(PoolBusyException.class);

        // a connection given back serves the next stream
        first.context().parsingHandle().cancel();
        await().atMost(Duration.ofSeconds(2)).until(() -> stream.open().get() == 1);
        var fourth = new RecordingListener();
        client.execute(get(server.url("/v1/endless")), fourth);
        assertThat(fourth.nextEvent()).isEqualTo("tick");
        assertThat(fourth.errors()).isEmpty();
        second.context().parsingHandle().cancel();
        fourth.context().parsingHandle().cancel();
    }

    @Test
    void otherHostsKeepTheDefaultLimit() throws Exception {
        var stream = server.endlessStream("/v1/endless", "tick");
        var clients = pool(new SafeHttpClients(EgressPolicy.unrestricted(), new SafeHttpClients.Pools(
                Duration.ofSeconds(5), Duration.ofMillis(300), 3, java.util.Map.of("127.0.0.1:1", 1))));
        HttpClient client = clients.builder().build();
        List<RecordingListener> listeners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var listener = new RecordingListener();
            client.execute(get(server.url("/v1/endless")), listener);
            listeners.add(listener);
        }
        for (RecordingListener listener : listeners) {
            assertThat(listener.nextEvent()).isEqualTo("tick");
        }
        assertThat(stream.open()).hasValue(3);
        for (RecordingListener listener : listeners) {
            listener.context().parsingHandle().cancel();
        }
    }

    @Test
    void theOperatorsClientReachesThisMachineNormally() {
        server.handle("/v1/models", exchange -> TargetServer.respond(exchange, 200, "{\"data\":[]}"));
        HttpClient client = pool(EgressPolicy.unrestricted()).builder().build();

        assertThat(client.execute(get(server.url("/v1/models"))).body()).isEqualTo("{\"data\":[]}");
        assertThat(client.execute(get("http://localhost:" + server.port() + "/v1/models")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void formUploadsGoOutAsMultipart() {
        var received = new AtomicReference<String>();
        server.handle("/v1/audio/transcriptions", exchange -> {
            received.set(exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            TargetServer.respond(exchange, 200, "{\"text\":\"hi\"}");
        });

        allowListedClient().execute(HttpRequest.builder().method(HttpMethod.POST)
                .url(server.url("/v1/audio/transcriptions"))
                .addHeader("Content-Type", "multipart/form-data")
                .addFormDataField("model", "whisper-1")
                .addFormDataFile("file", "talk ü.wav", "audio/wav", "RIFF".getBytes(UTF_8))
                .build());

        assertThat(received.get()).startsWith("multipart/form-data; boundary=")
                .contains("name=\"model\"", "whisper-1", "filename=\"talk ü.wav\"", "audio/wav", "RIFF");
    }

    private static <T> T catching(Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpClient userUrlClient() {
        return pool(EgressPolicy.forUserUrls(List.of())).builder().build();
    }

    private HttpClient allowListedClient() {
        return pool(EgressPolicy.forUserUrls(List.of("127.0.0.1:" + server.port()))).builder().build();
    }

    private SafeHttpClients pool(EgressPolicy policy) {
        return pool(new SafeHttpClients(policy, Duration.ofSeconds(10), 10));
    }

    private SafeHttpClients pool(SafeHttpClients clients) {
        pools.add(clients);
        return clients;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.builder().method(HttpMethod.GET).url(url).build();
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.builder().method(HttpMethod.POST).url(url)
                .addHeader("Content-Type", "application/json").body(json).build();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
