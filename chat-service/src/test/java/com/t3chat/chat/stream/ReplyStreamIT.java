package com.t3chat.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * chat-service's half of a streamed reply, with llm-service's events published on the real broker as llm-service
 * would publish them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml",
        // its users post many messages whose replies never end here: not a test of the per-user limits (PostingLimitsIT)
        "t3chat.posting-limits.concurrent-replies=0", "t3chat.posting-limits.messages-per-minute=0",
        "t3chat.streams.ended-tombstone=2s", "t3chat.streams.resume-window=2s",
        "t3chat.streams.eviction-interval=200ms",
        "t3chat.streams.generator-silence=10s", "t3chat.streams.watchdog-interval=500ms",
        "t3chat.streams.max-queue-wait=25s",
        "t3chat.outbox.poll-interval=200ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class ReplyStreamIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static KafkaProducer<String, String> producer;

    // llm-service is down in these tests (nothing listens there): its model and admission checks must not block
    private static final int LLM_SERVICE_DOWN = PortProbe.freePort();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat");
        registry.add("t3chat.services.llm", () -> "http://127.0.0.1:" + LLM_SERVICE_DOWN);
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    LiveReplies live;

    @Autowired
    ReplyStreams streams;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aPostedMessageIsRequestedStreamedAndStored() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String posted = post(alice, chatId, Map.of("content", "What is Kafka?"));
        String userId = JsonPath.read(posted, "$.userMessage.id");
        String replyId = JsonPath.read(posted, "$.assistantMessage.id");
        assertThat((String) JsonPath.read(posted, "$.assistantMessage.status")).isEqualTo("pending");
        assertThat((String) JsonPath.read(posted, "$.assistantMessage.parentId")).isEqualTo(userId);

        String request = awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", replyId);
        assertThat((String) JsonPath.read(request, "$.model")).isEqualTo("offline/demo");
        assertThat((String) JsonPath.read(request, "$.fallbackModel")).isNull();
        assertThat((String) JsonPath.read(request, "$.ownerId")).isEqualTo(jwt.subject("alice"));
        // the request names the branch; the question itself travelled just before it, as MessagePosted
        assertThat((Object) JsonPath.read(request, "$.history")).isNull();
        assertThat((String) JsonPath.read(request, "$.parentId")).isEqualTo(userId);
        String message = awaitRequest(Topics.CHAT_MESSAGES, "MessagePosted", userId);
        assertThat((String) JsonPath.read(message, "$.content")).isEqualTo("What is Kafka?");

        Flux<ServerSentEvent<String>> stream = stream(alice, chatId, replyId, null);
        publishDeltas(chatId, replyId, "A dis", "tributed ", "log.");
        publish(replyId, "ChatTitleGenerated", """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","title":"Kafka explained"}"""
                .formatted(UUID.randomUUID(), Instant.now(), chatId, replyId));
        publishCompleted(chatId, replyId, "A distributed log.", 3);

        List<ServerSentEvent<String>> events = stream.collectList().block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event)
                .containsExactly("delta", "delta", "delta", "title", "done");
        assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2", "3", null, null);
        assertThat(events.get(3).data()).isEqualTo("{\"title\":\"Kafka explained\"}");
        assertThat(events.get(4).data()).contains("\"finishReason\":\"stop\"");
        assertThat((String) JsonPath.read(get(alice, "/api/chats/" + chatId), "$.title")).isEqualTo("Kafka explained");

        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((String) JsonPath.read(tree, "$.currentLeafId")).isEqualTo(replyId);
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].content"))
                .containsExactly("A distributed log.");
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].status"))
                .containsExactly("complete");
    }

    @Test
    void aClientResumingAfterADeltaGetsExactlyTheRestLiveAndAfterTheEnd() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Count to three")), "$.assistantMessage.id");
        awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", replyId);
        publishDeltas(chatId, replyId, "one ", "two ");
        awaitText(alice, chatId, replyId, 2);

        Flux<ServerSentEvent<String>> resumed = stream(alice, chatId, replyId, "1");
        publishDeltas(chatId, replyId, 3, "three");
        publishCompleted(chatId, replyId, "one two three", 3);
        List<ServerSentEvent<String>> live = resumed.collectList().block(Duration.ofSeconds(30));
        // a chat's first stored reply titles the chat: "title" (no id) comes before "done"
        assertThat(live).extracting(ServerSentEvent::id).containsExactly("2", "3", null, null);
        assertThat(live).extracting(ServerSentEvent::data).element(0).asString().contains("two ");
        assertThat(live).extracting(ServerSentEvent::data).element(1).asString().contains("three");

        // later, from the database (the in-memory copy is released at once in this test)
        List<ServerSentEvent<String>> afterEnd = stream(alice, chatId, replyId, "2").collectList()
                .block(Duration.ofSeconds(30));
        assertThat(afterEnd).extracting(ServerSentEvent::event).containsExactly("delta", "done");
        assertThat(afterEnd.get(0).data()).isEqualTo("{\"text\":\"three\"}");
        List<ServerSentEvent<String>> whole = stream(alice, chatId, replyId, null).collectList()
                .block(Duration.ofSeconds(30));
        assertThat(whole.get(0).data()).isEqualTo("{\"text\":\"one two three\"}");
    }

    @Test
    void reasoningStreamsBeforeTheAnswerAndResumesExactlyAfterEitherKindOfPiece() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Think first")),
                "$.assistantMessage.id");
        awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", replyId);
        Flux<ServerSentEvent<String>> whole = stream(alice, chatId, replyId, null);
        publishReasoning(chatId, replyId, 1, "Think", "ing");
        publishDeltas(chatId, replyId, 3, "An", "swer");
        awaitText(alice, chatId, replyId, 4);

        // live, from memory
        Flux<ServerSentEvent<String>> afterReasoning = stream(alice, chatId, replyId, "1");
        Flux<ServerSentEvent<String>> afterText = stream(alice, chatId, replyId, "3");
        publishDeltas(chatId, replyId, 5, ".");
        publishCompleted(chatId, replyId, "offline/demo", "Answer.", "Thinking", null, 5);

        List<ServerSentEvent<String>> all = whole.collectList().block(Duration.ofSeconds(30));
        assertThat(all).extracting(ServerSentEvent::event)
                .containsExactly("reasoning", "reasoning", "delta", "delta", "delta", "title", "done");
        assertThat(all).extracting(ServerSentEvent::id).containsExactly("1", "2", "3", "4", "5", null, null);
        assertThat(all.get(0).data()).isEqualTo("{\"text\":\"Think\"}");
        assertThat(all.get(5).data()).isEqualTo("{\"title\":\"Think first\"}");
        assertThat(all.get(6).data()).contains("\"model\":\"offline/demo\"");
        List<ServerSentEvent<String>> resumedInReasoning = afterReasoning.collectList().block(Duration.ofSeconds(30));
        // what it had not seen, rebuilt as one piece per channel (numbered with the last seq each covers), then live
        assertThat(resumedInReasoning).extracting(ServerSentEvent::id).containsExactly("2", "4", "5", null, null);
        assertThat(resumedInReasoning).extracting(ServerSentEvent::data).first().isEqualTo("{\"text\":\"ing\"}");
        assertThat(afterText.collectList().block(Duration.ofSeconds(30))).extracting(ServerSentEvent::data)
                .first().isEqualTo("{\"text\":\"swer\"}");

        // later, from the stored message: one piece per channel, numbered so that resuming stays exact
        List<ServerSentEvent<String>> stored = stream(alice, chatId, replyId, null).collectList()
                .block(Duration.ofSeconds(30));
        assertThat(stored).extracting(ServerSentEvent::event).containsExactly("reasoning", "delta", "done");
        assertThat(stored).extracting(ServerSentEvent::id).containsExactly("2", "5", null);
        assertThat(stored).extracting(ServerSentEvent::data).startsWith("{\"text\":\"Thinking\"}",
                "{\"text\":\"Answer.\"}");
        List<ServerSentEvent<String>> storedAfterReasoning = stream(alice, chatId, replyId, "1").collectList()
                .block(Duration.ofSeconds(30));
        assertThat(storedAfterReasoning).extracting(ServerSentEvent::data).startsWith("{\"text\":\"ing\"}",
                "{\"text\":\"Answer.\"}");
        List<ServerSentEvent<String>> storedAfterText = stream(alice, chatId, replyId, "3").collectList()
                .block(Duration.ofSeconds(30));
        assertThat(storedAfterText).extracting(ServerSentEvent::event).containsExactly("delta", "done");
        assertThat(storedAfterText.get(0).data()).isEqualTo("{\"text\":\"swer.\"}");

        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].reasoning"))
                .containsExactly("Thinking");
    }

    @Test
    void anUnwatchedReplyKeepsNoBufferAndASubscriberWithoutOneGetsTheWholeTextReadBack() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Tell me a story")),
                "$.assistantMessage.id");
        UUID id = UUID.fromString(replyId);
        awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", replyId);
        publishStarted(chatId, replyId);
        publishReasoning(chatId, replyId, 1, "Once");
        publishDeltas(chatId, replyId, 2, "Upon ", "a ", "time");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> live.findProgress(id).map(ReplyProgress::lastSeq).orElse(0L) == 4);
        // nobody watches it here: its progress is known, its text is not kept
        assertThat(live.buffer(id)).isEmpty();

        double before = rebuilds();
        // a page reload that had seen seq 1 and 2 on another replica, and a fresh reader
        Flux<ServerSentEvent<String>> resumed = stream(alice, chatId, replyId, "2");
        Flux<ServerSentEvent<String>> whole = stream(alice, chatId, replyId, null);
        // read back from the topic while the reply is still being written, not made whole by its end
        assertThat(whole.filter(e -> "4".equals(e.id())).blockFirst(Duration.ofSeconds(30))).isNotNull();
        publishDeltas(chatId, replyId, 5, "!");
        publishCompleted(chatId, replyId, "offline/demo", "Upon a time!", "Once", null, 5);

        List<ServerSentEvent<String>> all = whole.collectList().block(Duration.ofSeconds(30));
        assertThat(textOf(all, "reasoning")).isEqualTo("Once");
        assertThat(textOf(all, "delta")).isEqualTo("Upon a time!");
        assertThat(all.getLast().event()).isEqualTo("done");
        List<ServerSentEvent<String>> rest = resumed.collectList().block(Duration.ofSeconds(30));
        assertThat(textOf(rest, "reasoning")).isEmpty();
        assertThat(textOf(rest, "delta")).isEqualTo("a time!");
        assertThat(rest).filteredOn(e -> e.id() != null).extracting(e -> Long.parseLong(e.id())).isSorted()
                .allMatch(seq -> seq > 2);
        assertThat(rebuilds()).isGreaterThan(before);
        assertThat(live.buffer(id)).isEmpty(); // it ended: stored, no longer buffered
    }

    @Test
    void theReplyListenerThatWaitingWritesPauseHoldsItsEventsUntilResumed() {
        MessageListenerContainer relay = listeners.getListenerContainer(ReplyListener.ID);
        assertThat(relay).isNotNull();
        UUID reply = UUID.randomUUID();
        relay.pause();
        try {
            await().atMost(Duration.ofSeconds(10)).until(relay::isContainerPaused);
            publishDeltas(UUID.randomUUID().toString(), reply.toString(), "held back");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> live.findProgress(reply).isEmpty());
        } finally {
            relay.resume();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> live.findProgress(reply).map(ReplyProgress::lastSeq).orElse(0L) == 1);
    }

    @Test
    void endedRepliesLeaveNoBuffersBehind() {
        List<UUID> replies = new java.util.ArrayList<>();
        String chatId = UUID.randomUUID().toString();
        for (int i = 0; i < 200; i++) {
            UUID id = UUID.randomUUID();
            replies.add(id);
            streams.expect(id); // as a post answered as a stream does
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> replies.stream().allMatch(id -> live.buffer(id).isPresent()));
        for (UUID id : replies) {
            publishDeltas(chatId, id.toString(), "Some text of reply " + id);
            publishCompleted(chatId, id.toString(), "Some text of reply " + id, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> replies.stream().allMatch(id -> live.buffer(id).isEmpty()));
        // their tombstones go too, and what the buffers hold returns to about nothing
        await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream().allMatch(id -> live.findProgress(id).isEmpty()));
        await().atMost(Duration.ofSeconds(10)).until(() -> live.bufferBytes() < 16 * 1024);
    }

    @Test
    void aReplyMissedInPartIsMadeWholeInBothChannelsFromItsCompletion() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Think hard")),
                "$.assistantMessage.id");
        Flux<ServerSentEvent<String>> stream = stream(alice, chatId, replyId, null);
        publishReasoning(chatId, replyId, 1, "Hm");
        // this replica never sees seq 2 (more thinking) nor seq 3 (the answer)
        publishCompleted(chatId, replyId, "offline/demo", "Yes.", "Hmm, yes", null, 3);

        List<ServerSentEvent<String>> events = stream.collectList().block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event)
                // the pieces made whole from the completion, then the title (the chat's first reply), then done
                .containsExactly("reasoning", "reasoning", "delta", "title", "done");
        assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2", "3", null, null);
        assertThat(events).filteredOn(e -> !"title".equals(e.event())).extracting(ServerSentEvent::data).startsWith("{\"text\":\"Hm\"}",
                "{\"text\":\"m, yes\"}", "{\"text\":\"Yes.\"}");
    }

    @Test
    void aReplyWrittenByTheFallbackModelIsStoredUnderItWithItsNoticeAndReasoning() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Hello", "model", "openai/gpt-4o")),
                "$.assistantMessage.id");
        String notice = "GPT-4o failed before answering (rate limited), so Claude answered.";
        Flux<ServerSentEvent<String>> stream = stream(alice, chatId, replyId, null);
        publishReasoning(chatId, replyId, 1, "Greet back");
        publishDeltas(chatId, replyId, 2, "Hi!");
        publishCompleted(chatId, replyId, "anthropic/claude-sonnet-4", "Hi!", "Greet back", notice, 2);

        List<ServerSentEvent<String>> events = stream.collectList().block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("reasoning", "delta", "title", "done");
        String done = events.get(3).data();
        assertThat((String) JsonPath.read(done, "$.model")).isEqualTo("anthropic/claude-sonnet-4");
        assertThat((String) JsonPath.read(done, "$.notice")).isEqualTo(notice);
        assertThat((String) JsonPath.read(done, "$.finishReason")).isEqualTo("stop");

        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        String reply = "$.messages[?(@.id == '" + replyId + "')]";
        assertThat((List<String>) JsonPath.read(tree, reply + ".model")).containsExactly("anthropic/claude-sonnet-4");
        assertThat((List<String>) JsonPath.read(tree, reply + ".notice")).containsExactly(notice);
        assertThat((List<String>) JsonPath.read(tree, reply + ".reasoning")).containsExactly("Greet back");
        assertThat((List<String>) JsonPath.read(tree, reply + ".content")).containsExactly("Hi!");
        // and a client that comes back after the end hears the same
        List<ServerSentEvent<String>> later = stream(alice, chatId, replyId, "2").collectList()
                .block(Duration.ofSeconds(30));
        assertThat(later).extracting(ServerSentEvent::event).containsExactly("done");
        assertThat((String) JsonPath.read(later.get(0).data(), "$.model")).isEqualTo("anthropic/claude-sonnet-4");
        assertThat((String) JsonPath.read(later.get(0).data(), "$.notice")).isEqualTo(notice);
    }

    @Test
    void aFailedReplyKeepsTheReasoningItHad() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Hi")), "$.assistantMessage.id");
        Flux<ServerSentEvent<String>> stream = stream(alice, chatId, replyId, null);
        publishReasoning(chatId, replyId, 1, "Let me see");
        publish(replyId, "ReplyFailed", """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","reason":"The provider is down.",
                 "text":"","lastSeq":1,"reasoning":"Let me see"}""".formatted(UUID.randomUUID(), Instant.now(),
                chatId, replyId));

        assertThat(stream.collectList().block(Duration.ofSeconds(30))).extracting(ServerSentEvent::event)
                .containsExactly("reasoning", "error");
        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].reasoning"))
                .containsExactly("Let me see");
        assertThat(stream(alice, chatId, replyId, null).collectList().block(Duration.ofSeconds(30)))
                .extracting(ServerSentEvent::event).containsExactly("reasoning", "error");
    }

    @Test
    void aFailedReplyEndsWithAReadableErrorAndKeepsItsPartialText() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Hi")), "$.assistantMessage.id");
        Flux<ServerSentEvent<String>> stream = stream(alice, chatId, replyId, null);
        publishDeltas(chatId, replyId, "Hel");
        publish(replyId, "ReplyFailed", """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","reason":"The provider is down.",
                 "text":"Hel","lastSeq":1}""".formatted(UUID.randomUUID(), Instant.now(), chatId, replyId));

        List<ServerSentEvent<String>> events = stream.collectList().block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("delta", "error");
        assertThat(events.get(1).data()).contains("The provider is down.");
        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].status"))
                .containsExactly("failed");
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].content"))
                .containsExactly("Hel");
    }

    @Test
    void aReplyWhoseGeneratorWentSilentIsFailedWithAClearReason() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Anyone there?")),
                "$.assistantMessage.id");
        publishDeltas(chatId, replyId, "Part");

        List<ServerSentEvent<String>> events = stream(alice, chatId, replyId, null).collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("delta", "error");
        assertThat(events.get(1).data()).contains("stopped responding");
        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.id == '" + replyId + "')].content"))
                .containsExactly("Part");
    }

    @Test
    void aSilentReplyNobodyWatchedIsFailedWithTheTextReadBackFromTheTopic() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Anyone?")), "$.assistantMessage.id");
        awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", replyId);
        publishDeltas(chatId, replyId, "Half ", "a reply");
        assertThat(live.buffer(UUID.fromString(replyId))).isEmpty();

        // after generator-silence (10 s) the watchdog fails it, keeping what the generator had written
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(reply(alice, chatId, replyId).get("status")));
        assertThat(reply(alice, chatId, replyId)).containsEntry("content", "Half a reply");
        // and where each delta ended, so that resuming from the stored reply stays exact
        List<ServerSentEvent<String>> rest = stream(alice, chatId, replyId, "1").collectList()
                .block(Duration.ofSeconds(30));
        assertThat(rest).extracting(ServerSentEvent::event).containsExactly("delta", "error");
        assertThat(rest.getFirst().data()).isEqualTo("{\"text\":\"a reply\"}");
    }

    @Test
    void aMessagePostedWhileTheBrokerIsDownIsAcceptedAndRequestedWhenItIsBack() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId;
        infra.stopKafka();
        try {
            replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Are you there, broker?")),
                    "$.assistantMessage.id");
        } finally {
            infra.startKafka();
        }
        awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", replyId);
        assertThat((String) JsonPath.read(awaitRequest(Topics.CHAT_MESSAGES, "MessagePosted", "Are you there, broker?"),
                "$.content")).isEqualTo("Are you there, broker?");
        publishCompleted(chatId, replyId, "Yes.", 0);
        awaitStatus(alice, chatId, replyId, "complete");
    }

    @Test
    void stopAsksForTheReplyToStop() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Long story please")),
                "$.assistantMessage.id");
        http.post().uri("/api/chats/{c}/messages/{m}/stop", chatId, replyId)
                .header("Authorization", "Bearer " + alice).exchange()
                .expectStatus().isAccepted();
        String stop = awaitRequest(Topics.CHAT_MESSAGES, "ReplyStopRequested", replyId);
        assertThat((String) JsonPath.read(stop, "$.chatId")).isEqualTo(chatId);
    }

    @Test
    void aReplyNoGeneratorPickedUpWaitsSayingSoThenFailsAndIsAbandoned() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Is the model service up?")),
                "$.assistantMessage.id");
        Flux<ServerSentEvent<String>> stream = streamAll(alice, chatId, replyId, null);
        assertThat(stream.blockFirst(Duration.ofSeconds(10))).satisfies(first -> {
            assertThat(first.event()).isEqualTo("waiting");
            assertThat(first.data()).contains("\"phase\":\"queued\"").contains("Waiting for the model service");
        });
        assertThat(reply(alice, chatId, replyId)).containsEntry("status", "pending").containsEntry("phase", "queued")
                .containsKey("waitingSince");

        // longer than generator-silence (10 s): a request nobody claimed is waiting, not silent
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(14))
                .until(() -> "pending".equals(reply(alice, chatId, replyId).get("status")));

        // after max-queue-wait (25 s) it fails, saying why, and llm-service is told never to start it
        List<ServerSentEvent<String>> events = stream.collectList().block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("waiting", "error");
        assertThat(events.getLast().data()).contains("did not pick up this reply");
        assertThat(reply(alice, chatId, replyId)).containsEntry("status", "failed")
                .satisfies(reply -> assertThat(reply.get("phase")).isNull());
        String abandoned = awaitRequest(Topics.CHAT_MESSAGES, "ReplyAbandoned", replyId);
        assertThat((String) JsonPath.read(abandoned, "$.chatId")).isEqualTo(chatId);
    }

    @Test
    void aClaimedReplyThatGoesSilentFailsButItsLateCompletionIsStoredAfterAll() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Think hard")), "$.assistantMessage.id");
        publishStarted(chatId, replyId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "generating".equals(reply(alice, chatId, replyId).get("phase")));

        List<ServerSentEvent<String>> events = streamAll(alice, chatId, replyId, null).collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("started", "error");
        assertThat(events.getLast().data()).contains("stopped responding");

        // the generator was only slow: its completion beats the watchdog's verdict
        publishCompleted(chatId, replyId, "Done thinking.", 0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "complete".equals(reply(alice, chatId, replyId).get("status")));
        assertThat(reply(alice, chatId, replyId)).containsEntry("content", "Done thinking.")
                .satisfies(reply -> assertThat(reply.get("error")).isNull());
    }

    @Test
    void stoppingAWaitingReplyEndsItAtOnceWithNothingGenerated() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Never mind")), "$.assistantMessage.id");
        Flux<ServerSentEvent<String>> stream = streamAll(alice, chatId, replyId, null);
        assertThat(stream.blockFirst(Duration.ofSeconds(10)).event()).isEqualTo("waiting");

        http.post().uri("/api/chats/{c}/messages/{m}/stop", chatId, replyId)
                .header("Authorization", "Bearer " + alice).exchange()
                .expectStatus().isAccepted();
        assertThat(reply(alice, chatId, replyId)).containsEntry("status", "complete")
                .containsEntry("finishReason", "stopped").containsEntry("content", "");
        List<ServerSentEvent<String>> events = stream.collectList().block(Duration.ofSeconds(30));
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("waiting", "done");
        assertThat(events.getLast().data()).contains("\"finishReason\":\"stopped\"");
        awaitRequest(Topics.CHAT_MESSAGES, "ReplyStopRequested", replyId);

        // a completion that llm-service might still send (it started just before the stop) changes nothing
        publishCompleted(chatId, replyId, "Too late.", 0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> "".equals(reply(alice, chatId, replyId).get("content")));
    }

    @Test
    void aCompletionThatArrivesWhileTheDatabaseIsDownIsStoredWhenItIsBack() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "Quick one")), "$.assistantMessage.id");
        awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", replyId);
        var ends = stream(alice, chatId, replyId, null).collectList().toFuture();

        infra.cutOffDatabase("chat");
        try {
            publishDeltas(chatId, replyId, "Here.");
            publishCompleted(chatId, replyId, "Here.", 1);
            // subscribers get the end only once it is stored
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10)).until(() -> !ends.isDone());
        } finally {
            infra.restoreDatabase("chat");
        }
        List<ServerSentEvent<String>> events = ends.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(events).extracting(ServerSentEvent::event).containsExactly("delta", "title", "done");
        assertThat(reply(alice, chatId, replyId)).containsEntry("status", "complete").containsEntry("content", "Here.");
    }

    @Test
    void editsRegeneratesAndBranchSwitchesBuildTheTree() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String first = post(alice, chatId, Map.of("content", "Name a colour"));
        String a1 = JsonPath.read(first, "$.assistantMessage.id");
        publishCompleted(chatId, a1, "Blue.", 0);
        awaitStatus(alice, chatId, a1, "complete");

        String second = post(alice, chatId, Map.of("content", "Another one"));
        String u2 = JsonPath.read(second, "$.userMessage.id");
        assertThat((String) JsonPath.read(second, "$.userMessage.parentId")).isEqualTo(a1);
        String a2 = JsonPath.read(second, "$.assistantMessage.id");

        // an edit of the second question: a sibling under the same parent
        String edited = post(alice, chatId, Map.of("content", "Another colour, please", "parentId", a1));
        String u2b = JsonPath.read(edited, "$.userMessage.id");
        String a2b = JsonPath.read(edited, "$.assistantMessage.id");
        assertThat((String) JsonPath.read(edited, "$.userMessage.parentId")).isEqualTo(a1);
        // the edit is posted as a sibling under a1, and its reply answers it
        String editRequest = awaitRequest(Topics.CHAT_MESSAGES, "ReplyRequested", a2b);
        assertThat((String) JsonPath.read(editRequest, "$.parentId")).isEqualTo(u2b);
        String editPosted = awaitRequest(Topics.CHAT_MESSAGES, "MessagePosted", u2b);
        assertThat((String) JsonPath.read(editPosted, "$.parentId")).isEqualTo(a1);
        assertThat((String) JsonPath.read(editPosted, "$.content")).isEqualTo("Another colour, please");

        // a regenerate with another model: a sibling of the reply
        String regenerated = http.post().uri("/api/chats/{c}/messages/{m}/regenerate", chatId, a2b)
                .header("Authorization", "Bearer " + alice).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("model", "openai/gpt-4o-mini"))
                .exchange().expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        String a2c = JsonPath.read(regenerated, "$.id");
        assertThat((String) JsonPath.read(regenerated, "$.parentId")).isEqualTo(u2b);
        assertThat((String) JsonPath.read(regenerated, "$.model")).isEqualTo("openai/gpt-4o-mini");

        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((String) JsonPath.read(tree, "$.currentLeafId")).isEqualTo(a2c);
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.parentId == '" + a1 + "')].id"))
                .containsExactlyInAnyOrder(u2, u2b);
        assertThat((List<String>) JsonPath.read(tree, "$.messages[?(@.parentId == '" + u2b + "')].id"))
                .containsExactlyInAnyOrder(a2b, a2c);

        // an edit of the very first question: a second root
        String rootEdit = post(alice, chatId, Map.of("content", "Name a fruit", "root", true));
        assertThat((Object) JsonPath.read(rootEdit, "$.userMessage.parentId")).isNull();
        String roots = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((List<String>) JsonPath.read(roots, "$.messages[?(@.parentId == null)].content"))
                .containsExactlyInAnyOrder("Name a colour", "Name a fruit");

        http.put().uri("/api/chats/{c}/leaf", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("messageId", a2))
                .exchange().expectStatus().isNoContent();
        assertThat((String) JsonPath.read(get(alice, "/api/chats/" + chatId + "/messages?view=tree"), "$.currentLeafId"))
                .isEqualTo(a2);
    }

    @Test
    void anotherUsersChatAnswers404Everywhere() {
        String alice = jwt.token("alice", "user");
        String bob = jwt.token("bob", "user");
        String chatId = createChat(alice);
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "secret")), "$.assistantMessage.id");

        for (var spec : List.of(
                http.get().uri("/api/chats/{c}/messages", chatId),
                http.get().uri("/api/chats/{c}/messages/{m}/stream", chatId, replyId),
                http.post().uri("/api/chats/{c}/messages/{m}/stop", chatId, replyId),
                http.post().uri("/api/chats/{c}/messages/{m}/regenerate", chatId, replyId))) {
            spec.header("Authorization", "Bearer " + bob).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + bob)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "let me in"))
                .exchange().expectStatus().isNotFound();
        String tree = get(alice, "/api/chats/" + chatId + "/messages?view=tree");
        assertThat((List<?>) JsonPath.read(tree, "$.messages")).hasSize(2);
    }

    @Test
    void badInputIsRefusedWithFieldErrors() {
        String alice = jwt.token("alice", "user");
        String chatId = createChat(alice);
        String otherChat = createChat(alice);
        String otherMessage = JsonPath.read(post(alice, otherChat, Map.of("content", "elsewhere")),
                "$.userMessage.id");
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("content", ""), "content",
                Map.of("content", "x".repeat(100_001)), "content",
                Map.of("content", "hi", "parentId", otherMessage), "parentId",
                Map.of("content", "hi", "parentId", UUID.randomUUID().toString()), "parentId",
                Map.of("content", "hi", "model", "no model here"), "model",
                Map.of("content", "hi", "root", true, "parentId", otherMessage), "root");
        bad.forEach((body, field) -> http.post().uri("/api/chats/{c}/messages", chatId)
                .header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field));
        http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("content", "hi", "parentId", "nope"))
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/api/chats/not-an-id/messages").header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isBadRequest();
        String replyId = JsonPath.read(post(alice, chatId, Map.of("content", "ok")), "$.assistantMessage.id");
        http.get().uri("/api/chats/{c}/messages/{m}/stream", chatId, replyId)
                .header("Authorization", "Bearer " + alice).header("Last-Event-ID", "three")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Last-Event-ID");
        assertThat((List<?>) JsonPath.read(get(alice, "/api/chats/" + chatId + "/messages?view=tree"), "$.messages"))
                .hasSize(2);
    }

    private String createChat(String token) {
        String body = http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        return JsonPath.read(body, "$.id");
    }

    private String post(String token, String chatId, Map<String, ?> body) {
        return http.post().uri("/api/chats/{c}/messages", chatId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String get(String token, String path) {
        return http.get().uri(path).header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** The reply's stream without its {@code waiting} and {@code started} events (those tests have their own). */
    private Flux<ServerSentEvent<String>> stream(String token, String chatId, String replyId, String lastEventId) {
        return streamAll(token, chatId, replyId, lastEventId)
                .filter(e -> !"waiting".equals(e.event()) && !"started".equals(e.event()));
    }

    private Flux<ServerSentEvent<String>> streamAll(String token, String chatId, String replyId, String lastEventId) {
        var spec = http.get().uri("/api/chats/{c}/messages/{m}/stream", chatId, replyId)
                .header("Authorization", "Bearer " + token).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            spec = spec.header("Last-Event-ID", lastEventId);
        }
        Flux<ServerSentEvent<String>> events = spec.exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody()
                .filter(e -> e.event() != null)
                .takeUntil(e -> "done".equals(e.event()) || "error".equals(e.event()));
        return events.cache();
    }

    private void awaitText(String token, String chatId, String replyId, int deltas) {
        // a new subscriber gets what this replica has seen so far as one piece per channel, numbered with the last
        // seq it covers: wait until that reaches the deltas published so far
        stream(token, chatId, replyId, null)
                .filter(e -> e.id() != null && Long.parseLong(e.id()) >= deltas)
                .next().block(Duration.ofSeconds(30));
    }

    private double rebuilds() {
        return meters.counter("t3chat.streams.rebuilds").count();
    }

    /** The text of a stream's events of one kind, joined. */
    private static String textOf(List<ServerSentEvent<String>> events, String kind) {
        return events.stream().filter(e -> kind.equals(e.event()))
                .map(e -> (String) JsonPath.read(e.data(), "$.text")).reduce("", String::concat);
    }

    private void awaitStatus(String token, String chatId, String replyId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> statuses = JsonPath.read(get(token, "/api/chats/" + chatId + "/messages"),
                    "$.messages[?(@.id == '" + replyId + "')].status");
            if (statuses.contains(status)) {
                return;
            }
        }
        throw new AssertionError("reply " + replyId + " never became " + status);
    }

    /** The reply as the message API shows it. */
    private Map<String, Object> reply(String token, String chatId, String replyId) {
        List<Map<String, Object>> found = JsonPath.read(get(token, "/api/chats/" + chatId + "/messages"),
                "$.messages[?(@.id == '" + replyId + "')]");
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private static void publishStarted(String chatId, String replyId) {
        publish(replyId, "ReplyStarted", """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","model":"offline/demo"}"""
                .formatted(UUID.randomUUID(), Instant.now(), chatId, replyId));
    }

    private static void publishDeltas(String chatId, String replyId, String... pieces) {
        publishDeltas(chatId, replyId, 1, pieces);
    }

    private static void publishDeltas(String chatId, String replyId, int firstSeq, String... pieces) {
        for (int i = 0; i < pieces.length; i++) {
            publish(replyId, "ReplyDelta", """
                    {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","seq":%d,"text":"%s"}"""
                    .formatted(UUID.randomUUID(), Instant.now(), chatId, replyId, firstSeq + i, pieces[i]));
        }
    }

    private static void publishReasoning(String chatId, String replyId, int firstSeq, String... pieces) {
        for (int i = 0; i < pieces.length; i++) {
            publish(replyId, "ReplyDelta", """
                    {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","seq":%d,"text":"",
                     "reasoning":"%s"}""".formatted(UUID.randomUUID(), Instant.now(), chatId, replyId, firstSeq + i,
                    pieces[i]));
        }
    }

    private static void publishCompleted(String chatId, String replyId, String model, String text,
            String reasoning, String notice, long lastSeq) {
        publish(replyId, "ReplyCompleted", """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","model":"%s",
                 "finishReason":"stop","usage":{"inputTokens":5,"outputTokens":4},"text":"%s","lastSeq":%d,
                 "reasoning":%s,"notice":%s}"""
                .formatted(UUID.randomUUID(), Instant.now(), chatId, replyId, model, text, lastSeq,
                        quoted(reasoning), quoted(notice)));
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static void publishCompleted(String chatId, String replyId, String text, long lastSeq) {
        publish(replyId, "ReplyCompleted", """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","replyId":"%s","model":"offline/demo",
                 "finishReason":"stop","usage":{"inputTokens":5,"outputTokens":4},"text":"%s","lastSeq":%d}"""
                .formatted(UUID.randomUUID(), Instant.now(), chatId, replyId, text, lastSeq));
    }

    private static synchronized void publish(String key, String type, String json) {
        if (producer == null) {
            var props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        var record = new ProducerRecord<>(Topics.LLM_REPLIES, key, json);
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String awaitRequest(String topic, String type, String replyId) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reply-stream-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    var header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
                    if (header != null && type.equals(new String(header.value(), StandardCharsets.UTF_8))
                            && record.value().contains(replyId)) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " for " + replyId + " on " + topic);
    }
}
