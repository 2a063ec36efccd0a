package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * {@code POST …/messages} with {@code Accept: text/event-stream} answers the stored messages as its first event and
 * then the reply itself, on the same connection; refusals stay problem+json; a repeat under the same
 * Idempotency-Key streams the first request's reply. No generator runs here: the reply waits until it is stopped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient(timeout = "30s")
class PostStreamIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final int LLM_SERVICE_DOWN = PortProbe.freePort();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat_post_stream");
        registry.add("t3chat.services.llm", () -> "http://127.0.0.1:" + LLM_SERVICE_DOWN);
    }

    @Autowired
    WebTestClient http;

    @Test
    void aPostAnsweredAsAStreamSendsTheStoredMessagesThenTheReplyAndARepeatStreamsTheSameReply() {
        String alice = jwt.token("alice-" + UUID.randomUUID(), "user");
        String chatId = createChat(alice);
        String key = UUID.randomUUID().toString();

        Flux<ServerSentEvent<String>> events = postStreaming(alice, chatId, key);
        List<ServerSentEvent<String>> first = events.take(2).collectList().block(Duration.ofSeconds(30));
        assertThat(first).extracting(ServerSentEvent::event).containsExactly("posted", "waiting");
        assertThat(first.getFirst().id()).isNull();
        String posted = first.getFirst().data();
        assertThat((String) JsonPath.read(posted, "$.userMessage.content")).isEqualTo("Stream me");
        String replyId = JsonPath.read(posted, "$.assistantMessage.id");
        assertThat((String) JsonPath.read(posted, "$.assistantMessage.status")).isEqualTo("pending");

        // the reply ends (stopped while it waited): the repeat streams that reply, from the database
        http.post().uri("/api/chats/{c}/messages/{m}/stop", chatId, replyId).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isAccepted();
        List<ServerSentEvent<String>> repeat = postStreaming(alice, chatId, key)
                .takeUntil(e -> "done".equals(e.event()) || "error".equals(e.event()))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(repeat).extracting(ServerSentEvent::event).containsExactly("posted", "done");
        assertThat((String) JsonPath.read(repeat.getFirst().data(), "$.assistantMessage.id")).isEqualTo(replyId);
        assertThat((String) JsonPath.read(repeat.getLast().data(), "$.finishReason")).isEqualTo("stopped");
    }

    @Test
    void aRefusedPostIsAProblemEvenWhenAStreamWasAskedFor() {
        String alice = jwt.token("alice-" + UUID.randomUUID(), "user");
        String chatId = createChat(alice);
        refused(alice, chatId, Map.of("content", ""), 400);
        refused(alice, UUID.randomUUID().toString(), Map.of("content", "hi"), 404);
        refused(alice, chatId, Map.of("content", "hi", "parentId", UUID.randomUUID().toString()), 400);
    }

    private void refused(String token, String chatId, Map<String, ?> body, int status) {
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .accept(MediaType.TEXT_EVENT_STREAM).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private Flux<ServerSentEvent<String>> postStreaming(String token, String chatId, String key) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key).accept(MediaType.TEXT_EVENT_STREAM)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "Stream me"))
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(SSE).getResponseBody()
                .filter(e -> e.event() != null);
    }

    private String createChat(String token) {
        return JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody(), "$.id");
    }
}
