package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The budget check at posting: llm-service's admission endpoint (served here by a tiny HTTP server standing in for
 * llm-service) refuses a model over an operator limit, and chat-service passes the refusal on without storing
 * anything; an admission endpoint that is slow or broken does not stop anyone posting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        // its users post many messages whose replies never end here: not a test of the per-user limits (PostingLimitsIT)
        "t3chat.posting-limits.concurrent-replies=0", "t3chat.posting-limits.messages-per-minute=0"})
@AutoConfigureWebTestClient(timeout = "10s")
class AdmissionIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final String LIMITED = "openai/limited";
    private static final String SLOW = "openai/slow";
    private static final String BROKEN = "openai/broken";
    private static final String LIMIT_PROBLEM = """
            {"type":"urn:t3chat:problem:limit-exceeded","title":"Too Many Requests","status":429,
             "detail":"You reached the limit of 20 replies per 1h with the system keys. It resets at \
            2026-11-24T13:00:00Z. Your own API key is not limited.","instance":"/api/usage/admission",
             "limit":"requests","resetsAt":"2026-11-24T13:00:00Z"}""";
    /** The Authorization header of the last admission request, per model asked about. */
    private static final Map<String, String> admissionsAsked = new ConcurrentHashMap<>();
    private static final HttpServer llmService = startLlmService();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
        registry.add("t3chat.services.llm", () -> "http://127.0.0.1:" + llmService.getAddress().getPort());
    }

    @AfterAll
    static void stopLlmService() {
        llmService.stop(0);
    }

    @Autowired
    WebTestClient http;

    @Test
    void aModelOverItsLimitIsRefusedWithLlmServicesProblemAndNothingIsStored() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice, null);

        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Hi", "model", LIMITED))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isPositive())
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:limit-exceeded")
                .jsonPath("$.title").isEqualTo("Too Many Requests")
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .startsWith("You reached the limit of 20 replies per 1h"))
                .jsonPath("$.limit").isEqualTo("requests")
                .jsonPath("$.resetsAt").isEqualTo("2026-11-24T13:00:00Z");
        assertThat(admissionsAsked.get(LIMITED)).isEqualTo("Bearer " + alice);

        String tree = messages(alice, chatId);
        assertThat((List<?>) JsonPath.read(tree, "$.messages")).isEmpty();
        assertThat((Object) JsonPath.read(tree, "$.currentLeafId")).isNull();
    }

    @Test
    void editsRegeneratesAndTheChatsOwnModelAreCheckedToo() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice, null);
        String posted = post(alice, chatId, Map.of("content", "Name a colour"));
        String question = JsonPath.read(posted, "$.userMessage.id");
        String reply = JsonPath.read(posted, "$.assistantMessage.id");
        assertThat(admissionsAsked).containsKey("offline/demo");

        // an edit of the question with a model over its limit
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", "Name a fruit", "root", true, "model", LIMITED))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.limit").isEqualTo("requests");
        // a regenerate with it
        http.post().uri("/api/chats/{c}/messages/{m}/regenerate", chatId, reply)
                .header("Authorization", "Bearer " + alice).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("model", LIMITED))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:limit-exceeded");
        String tree = messages(alice, chatId);
        assertThat((List<String>) JsonPath.read(tree, "$.messages[*].id")).containsExactly(question, reply);
        assertThat((String) JsonPath.read(tree, "$.currentLeafId")).isEqualTo(reply);

        // a chat whose own model is over its limit: a message naming no model is checked against the chat's
        String limitedChat = createChat(alice, LIMITED);
        http.post().uri("/api/chats/{c}/messages", limitedChat).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Hi"))
                .exchange()
                .expectStatus().isEqualTo(429);
        assertThat((List<?>) JsonPath.read(messages(alice, limitedChat), "$.messages")).isEmpty();
    }

    @Test
    void aSlowOrBrokenAdmissionCheckDoesNotStopAnyonePosting() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice, null);

        long start = System.nanoTime();
        String slow = post(alice, chatId, Map.of("content", "Hi", "model", SLOW));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat((String) JsonPath.read(slow, "$.assistantMessage.model")).isEqualTo(SLOW);

        String broken = post(alice, chatId, Map.of("content", "Hi again", "model", BROKEN));
        assertThat((String) JsonPath.read(broken, "$.assistantMessage.status")).isEqualTo("pending");
        assertThat((List<?>) JsonPath.read(messages(alice, chatId), "$.messages")).hasSize(4);
    }

    private String createChat(String token, String model) {
        Map<String, String> body = model == null ? Map.of() : Map.of("model", model);
        String created = http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        return JsonPath.read(created, "$.id");
    }

    private String post(String token, String chatId, Map<String, ?> body) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String messages(String token, String chatId) {
        return http.get().uri("/api/chats/{c}/messages?view=tree", chatId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** llm-service's catalogue and admission endpoints, as far as chat-service uses them. */
    private static HttpServer startLlmService() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/api/models", exchange -> respond(exchange, 200, "application/json", """
                    {"items":[{"id":"offline/demo"},{"id":"%s"},{"id":"%s"},{"id":"%s"}]}"""
                    .formatted(LIMITED, SLOW, BROKEN)));
            server.createContext("/api/usage/admission", AdmissionIT::admission);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void admission(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String model = query == null || !query.startsWith("model=") ? ""
                : URLDecoder.decode(query.substring("model=".length()), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        admissionsAsked.put(model, authorization == null ? "" : authorization);
        switch (model) {
            case LIMITED -> {
                exchange.getResponseHeaders().set("Retry-After", "1800");
                respond(exchange, 429, "application/problem+json", LIMIT_PROBLEM);
            }
            case BROKEN -> respond(exchange, 500, "text/plain", "boom");
            case SLOW -> {
                try {
                    Thread.sleep(Duration.ofSeconds(6));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, 429, "application/problem+json", LIMIT_PROBLEM);
            }
            default -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
