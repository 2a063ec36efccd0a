package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.InstructionsChanged;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.devstack.test.ProviderSimulator;
import com.t3chat.devstack.test.TestEvents;
import com.t3chat.llm.instructions.CustomInstructions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * A user's custom instructions, as auth-service announces them on {@code auth.users.v1}, go first in the prompt of
 * every reply they ask for — and only theirs; the newest change wins however events are replayed.
 */
class CustomInstructionsIT extends ReplyTopicIT {

    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(20);
    private static final String MODEL = "openai/sim-len30-rate200";
    private static final String PREFIX = "The user has asked you to follow these instructions in every reply:\n";
    private static final String CHAT_SYSTEM_PROMPT = "You are a helpful assistant.";

    @Autowired
    CustomInstructions instructions;

    @Autowired
    DatabaseClient db;

    @Test
    void aUsersInstructionsGoFirstInTheirRepliesOnly() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        var french = changed(alice, "Always answer in French.", Instant.now());
        publish(french);
        publish(french); // delivered twice: harmless
        awaitInstructions(alice, Optional.of("Always answer in French."));

        List<JsonNode> messages = providerMessagesOfReply(alice, "What is the capital of Peru? " + UUID.randomUUID());
        assertThat(messages).hasSize(3);
        assertThat(role(messages.get(0))).isEqualTo("system");
        assertThat(content(messages.get(0))).isEqualTo(PREFIX + "Always answer in French.");
        assertThat(role(messages.get(1))).isEqualTo("system");
        assertThat(content(messages.get(1))).isEqualTo(CHAT_SYSTEM_PROMPT);
        assertThat(role(messages.get(2))).isEqualTo("user");

        List<JsonNode> bobs = providerMessagesOfReply(bob, "What is the capital of Chile? " + UUID.randomUUID());
        assertThat(bobs).hasSize(2);
        assertThat(content(bobs.get(0))).isEqualTo(CHAT_SYSTEM_PROMPT);
        assertThat(bobs.toString()).doesNotContain("French", PREFIX.strip());
    }

    @Test
    void anOlderChangeDeliveredLaterDoesNotOverwriteANewerOne() throws Exception {
        String carol = "carol-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var older = changed(carol, "Answer like a pirate.", now.minusSeconds(60));
        var newer = changed(carol, "Answer in haiku.", now);
        publish(newer);
        awaitInstructions(carol, Optional.of("Answer in haiku."));

        publish(older); // a retry or replay of a change made before
        awaitProcessed(older.eventId());
        assertThat(instructions.find(carol).block()).contains("Answer in haiku.");
        assertThat(content(providerMessagesOfReply(carol, "Describe the sea. " + UUID.randomUUID()).getFirst()))
                .isEqualTo(PREFIX + "Answer in haiku.");
    }

    @Test
    void clearedInstructionsAreGoneAndAnOlderChangeDoesNotBringThemBack() throws Exception {
        String dave = "dave-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var set = changed(dave, "Use metric units.", now.minusSeconds(30));
        publish(set);
        awaitInstructions(dave, Optional.of("Use metric units."));

        publish(changed(dave, null, now));
        awaitInstructions(dave, Optional.empty());
        List<JsonNode> messages = providerMessagesOfReply(dave, "How tall is Everest? " + UUID.randomUUID());
        assertThat(messages).hasSize(2);
        assertThat(content(messages.get(0))).isEqualTo(CHAT_SYSTEM_PROMPT);

        publish(set); // the very first event again
        var olderSet = changed(dave, "Use imperial units.", now.minusSeconds(10));
        publish(olderSet); // a change made before the clear, delivered after it
        awaitProcessed(olderSet.eventId()); // and so the replay before it (one user, one partition)
        assertThat(instructions.find(dave).block()).isEmpty();
        assertThat(providerMessagesOfReply(dave, "How deep is the Mariana Trench? " + UUID.randomUUID()))
                .extracting(CustomInstructionsIT::content)
                .noneMatch(content -> content.contains("units"));
    }

    // ------------------------------------------------------------------ helpers

    private static InstructionsChanged changed(String userId, String customInstructions, Instant at) {
        return new InstructionsChanged(UUID.randomUUID(), at, userId, customInstructions);
    }

    /** Asks for a reply of {@code userId}'s and answers the messages the simulated OpenAI received for it. */
    private List<JsonNode> providerMessagesOfReply(String userId, String question) throws Exception {
        ReplyRequested request = ReplyTopic.legacyRequest(userId, MODEL, question); // the legacy path: a chat system prompt
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        assertThat(topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event())
                .isInstanceOf(ReplyCompleted.class);
        List<ProviderSimulator.Received> calls = provider.received().stream()
                .filter(call -> call.method().equals("POST") && call.body().contains(question))
                .toList();
        assertThat(calls).hasSize(1);
        JsonNode body = json.readTree(calls.getFirst().body());
        List<JsonNode> messages = new ArrayList<>();
        body.get("messages").forEach(messages::add);
        assertThat(content(messages.getLast())).contains(question);
        return messages;
    }

    private static String role(JsonNode message) {
        return message.get("role").asString();
    }

    private static String content(JsonNode message) {
        JsonNode content = message.get("content");
        return content.isString() ? content.asString() : content.toString();
    }

    private void awaitInstructions(String userId, Optional<String> expected) {
        await().atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(instructions.find(userId).block()).isEqualTo(expected));
    }

    /** Waits until the event was consumed (applied or, if older than what is stored, ignored). */
    private void awaitProcessed(UUID eventId) {
        await().atMost(APPLIED_WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                db.sql("select count(*) as n from processed_event where event_id = :id").bind("id", eventId)
                        .map(row -> row.get("n", Long.class)).one().block())
                .as("event %s consumed", eventId).isEqualTo(1L));
    }

    /** Publishes to auth.users.v1 as auth-service's outbox relay does: keyed by the user, the type in a header. */
    private void publish(InstructionsChanged event) throws Exception {
        TestEvents.publish(infra.kafkaBootstrapServers(), Topics.AUTH_USERS, event.userId(), InstructionsChanged.TYPE,
                event.eventId(), json.writeValueAsString(event));
    }
}
