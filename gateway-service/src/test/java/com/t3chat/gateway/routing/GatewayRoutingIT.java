package com.t3chat.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway against stand-in downstream services (plain HTTP servers that report what reached them), with the
 * real route table from config-repo and the real JWT validation path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/gateway-service.yml"})
@AutoConfigureWebTestClient
class GatewayRoutingIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();
    private static final Map<String, HttpServer> downstreams = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, String>> lastRequest = new ConcurrentHashMap<>();
    private static final CountDownLatch releaseSecondEvent = new CountDownLatch(1);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        TestInfra.registerWithoutDatabase(registry);
        for (String service : new String[] {"auth", "chat", "attachment"}) {
            HttpServer server = downstream(service);
            registry.add("t3chat.services." + service, () -> "http://127.0.0.1:" + server.getAddress().getPort());
        }
        registry.add("t3chat.services.llm", () -> "http://127.0.0.1:" + closedPort());
    }

    @AfterAll
    static void stopDownstreams() {
        downstreams.values().forEach(server -> server.stop(0));
    }

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Test
    void eachPrefixReachesItsServiceWithTheTokenAndWithoutClientSetIdentityHeaders() {
        String token = jwt.token("alice", "user");
        Map<String, String> expected = Map.of("/api/me", "auth", "/api/admin/users", "auth",
                "/api/chats/123", "chat", "/api/shares/abc", "chat", "/api/search?q=x", "chat",
                "/api/attachments", "attachment");
        expected.forEach((path, service) -> {
            http.get().uri(path)
                    .header("Authorization", "Bearer " + token)
                    .header("X-User-Id", "someone-else")
                    .header("X-Forwarded-User", "someone-else")
                    .exchange()
                    .expectStatus().isOk();
            Map<String, String> seen = lastRequest.get(service);
            assertThat(seen.get("path")).as(path).isEqualTo(path.replaceAll("\\?.*", ""));
            assertThat(seen.get("authorization")).isEqualTo("Bearer " + token);
            assertThat(seen).doesNotContainKeys("x-user-id", "x-forwarded-user");
        });
    }

    @Test
    void theServicesSeeTheClientsRealAddressNotOneItChose() {
        http.get().uri("/api/shares/abc")
                .header("X-Forwarded-For", "203.0.113.66")
                .header("Forwarded", "for=203.0.113.66")
                .exchange()
                .expectStatus().isOk();

        Map<String, String> seen = lastRequest.get("chat");
        // the test client's connection comes from loopback; the gateway trusts no proxy in front of it by default
        assertThat(seen.get("x-forwarded-for")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(seen).doesNotContainKey("forwarded");
    }

    @Test
    void withoutATokenOnlyPublicPathsPass() {
        for (String path : new String[] {"/api/me", "/api/chats", "/api/models", "/api/keys", "/api/usage",
                "/api/attachments", "/api/admin/users", "/api/search?q=x"}) {
            http.get().uri(path).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:unauthorized");
        }
        http.get().uri("/api/shares/some-token").exchange().expectStatus().isOk();
        http.get().uri("/api/public/config").exchange().expectStatus().isOk();
        http.post().uri("/api/auth/register").exchange().expectStatus().isOk();
        http.delete().uri("/api/shares/some-token").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void badTokensAreRefusedAtTheEdge() {
        for (String bad : new String[] {
                jwt.builder("alice").roles("user").audience("account").build(),
                jwt.builder("alice").roles("user").issuer("http://127.0.0.1:9/realms/other").build(),
                jwt.builder("alice").roles("user").expiresIn(java.time.Duration.ofMinutes(-1)).build(),
                TestJwtIssuer.tamper(jwt.token("alice", "user"))}) {
            http.get().uri("/api/chats").header("Authorization", "Bearer " + bad).exchange()
                    .expectStatus().isUnauthorized();
        }
    }

    @Test
    void aServiceThatIsDownIsA503ProblemNamingIt() {
        http.get().uri("/api/models").header("Authorization", "Bearer " + jwt.token("alice", "user"))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:service-unavailable")
                .jsonPath("$.service").isEqualTo("llm-service");
    }

    @Test
    void anUnknownPathIsA404Problem() {
        http.get().uri("/api/nothing").header("Authorization", "Bearer " + jwt.token("alice", "user"))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void serverSentEventsPassThroughAsTheyAreWritten() throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/chats/1/stream"))
                    .header("Authorization", "Bearer " + jwt.token("alice", "user"))
                    .header("Accept", "text/event-stream")
                    .build();
            HttpResponse<java.util.stream.Stream<String>> response =
                    client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Iterator<String> lines = response.body().iterator();
            // the downstream holds the second event back until we have seen the first one through the gateway
            assertThat(lines.next()).isEqualTo("data: one");
            releaseSecondEvent.countDown();
            assertThat(lines.next()).isEmpty();
            assertThat(lines.next()).isEqualTo("data: two");
        }
    }

    private static HttpServer downstream(String service) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/stream")) {
                stream(exchange);
                return;
            }
            Map<String, String> seen = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> String.join(",", e.getValue())));
            seen.put("path", exchange.getRequestURI().getPath());
            lastRequest.put(service, seen);
            byte[] body = ("{\"service\":\"" + service + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        downstreams.put(service, server);
        return server;
    }

    private static void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!releaseSecondEvent.await(20, TimeUnit.SECONDS)) {
                return;
            }
            out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
