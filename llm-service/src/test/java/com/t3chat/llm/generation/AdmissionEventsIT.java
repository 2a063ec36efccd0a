package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.AdmissionChanged;
import com.t3chat.contracts.llm.ReplyCompleted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * llm-service tells chat-service when a user's admission to system-key replies changes: one {@code AdmissionChanged}
 * per change on {@code llm.usage.v1} (keyed by the user), none when nothing changed. The same limits as
 * {@link BudgetLimitsIT} (one application context for both).
 */
@TestPropertySource(properties = {"t3chat.limits.tokens-per-day=60", "t3chat.limits.concurrent=1"})
class AdmissionEventsIT extends ReplyTopicIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaConsumer<String, String> usage;
    /** Every AdmissionChanged read so far, by owner. */
    private static final Map<String, List<AdmissionChanged>> changes = new java.util.HashMap<>();

    @Autowired
    WebTestClient http;

    @AfterAll
    static void closeUsage() {
        if (usage != null) {
            usage.close();
            usage = null;
        }
    }

    @Test
    void aRunningReplyRefusesForConcurrentUntilItEnds() throws Exception {
        String owner = jwt.subject("ivy-" + UUID.randomUUID());
        // a slow start: the reply is generating for 3 s, then ends with a few tokens (under the daily 60)
        ReplyRequested slow = ReplyTopic.request(owner, "openai/sim-first3000ms-len5", "Go");
        topic.publish(slow.chatId(), ReplyRequested.TYPE, slow);

        AdmissionChanged refused = awaitChanges(owner, 1).getFirst();
        assertThat(refused.refused()).isTrue();
        assertThat(refused.limit()).isEqualTo("concurrent");
        assertThat(refused.resetsAt()).isNull();
        assertThat(refused.detail()).contains("at once");
        assertThat(refused.ownKeyProviders()).isEmpty();

        assertThat(topic.awaitEnd(slow.replyId(), Duration.ZERO).getLast().event()).isInstanceOf(ReplyCompleted.class);
        AdmissionChanged admitted = awaitChanges(owner, 2).getLast();
        assertThat(admitted.refused()).isFalse();
        assertThat(admitted.limit()).isNull();
        assertThat(admitted.detail()).isNull();
        assertThat(admitted.occurredAt()).isAfter(refused.occurredAt());
        assertThat(settled(owner)).hasSize(2);
    }

    @Test
    void overTheDailyTokensOneRefusalIsPublishedAndOwnKeysChangeItsProviders() throws Exception {
        String name = "jon-" + UUID.randomUUID();
        String owner = jwt.subject(name);
        String token = jwt.token(name, "user");
        ReplyRequested first = ReplyTopic.request(owner, "openai/sim-len30-rate200", "Hello there");
        topic.publish(first.chatId(), ReplyRequested.TYPE, first);
        assertThat(topic.awaitEnd(first.replyId(), Duration.ZERO).getLast().event()).isInstanceOf(ReplyCompleted.class);

        // once it ended: refused for the day's tokens, until midnight UTC (while it ran, maybe for concurrent: a
        // reply this short may end before its claim is announced, and then that refusal never was one)
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<AdmissionChanged> before = awaitLast(owner, change -> "tokens-per-day".equals(change.limit()));
        assertThat(before).hasSizeBetween(1, 2);
        int n = before.size();
        AdmissionChanged daily = before.getLast();
        assertThat(daily.refused()).isTrue();
        assertThat(daily.limit()).isEqualTo("tokens-per-day");
        assertThat(daily.resetsAt()).isEqualTo(midnight);
        assertThat(daily.detail()).contains("tokens per day");

        // a refused request changes nothing: no event
        ReplyRequested refusedRequest = ReplyTopic.request(owner, "openai/sim-len30-rate200", "Again");
        topic.publish(refusedRequest.chatId(), ReplyRequested.TYPE, refusedRequest);
        topic.awaitEnd(refusedRequest.replyId(), Duration.ZERO);
        assertThat(settled(owner)).hasSize(n);

        http.put().uri("/api/keys/openai").header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("apiKey", "jons-own-key")).exchange().expectStatus().isOk();
        AdmissionChanged withKey = awaitChanges(owner, n + 1).getLast();
        assertThat(withKey.refused()).isTrue();
        assertThat(withKey.limit()).isEqualTo("tokens-per-day");
        assertThat(withKey.ownKeyProviders()).containsExactly("openai");

        // a reply with the user's own key counts against no limit: nothing to announce
        ReplyRequested own = ReplyTopic.request(owner, "openai/sim-len30-rate200", "Mine");
        topic.publish(own.chatId(), ReplyRequested.TYPE, own);
        assertThat(topic.awaitEnd(own.replyId(), Duration.ZERO).getLast().event()).isInstanceOf(ReplyCompleted.class);
        assertThat(settled(owner)).hasSize(n + 1);

        http.delete().uri("/api/keys/openai").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().is2xxSuccessful();
        AdmissionChanged withoutKey = awaitChanges(owner, n + 2).getLast();
        assertThat(withoutKey.refused()).isTrue();
        assertThat(withoutKey.ownKeyProviders()).isEmpty();
        assertThat(settled(owner)).hasSize(n + 2);
    }

    /** The owner's changes, oldest first, once there are at least {@code count}. */
    private List<AdmissionChanged> awaitChanges(String owner, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<AdmissionChanged> seen = poll(owner);
            if (seen.size() >= count) {
                return seen;
            }
        }
        throw new AssertionError("expected " + count + " AdmissionChanged for " + owner + ", saw " + poll(owner));
    }

    /** The owner's changes, oldest first, once the newest matches. */
    private List<AdmissionChanged> awaitLast(String owner, java.util.function.Predicate<AdmissionChanged> newest) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<AdmissionChanged> seen = poll(owner);
            if (!seen.isEmpty() && newest.test(seen.getLast())) {
                return seen;
            }
        }
        throw new AssertionError("no matching AdmissionChanged for " + owner + ", saw " + poll(owner));
    }

    /** The owner's changes after a second with nothing new (what an extra event would have had time to show). */
    private List<AdmissionChanged> settled(String owner) {
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            poll(owner);
        }
        return poll(owner);
    }

    private List<AdmissionChanged> poll(String owner) {
        if (usage == null) {
            var props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "admission-events-it-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            usage = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            usage.subscribe(List.of(Topics.LLM_USAGE));
        }
        for (ConsumerRecord<String, String> record : usage.poll(Duration.ofMillis(100))) {
            var type = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
            assertThat(type).isNotNull();
            assertThat(new String(type.value(), StandardCharsets.UTF_8)).isEqualTo(AdmissionChanged.TYPE);
            AdmissionChanged change = json.readValue(record.value(), AdmissionChanged.class);
            assertThat(record.key()).isEqualTo(change.ownerId());
            changes.computeIfAbsent(change.ownerId(), key -> new ArrayList<>()).add(change);
        }
        List<AdmissionChanged> seen = new ArrayList<>(changes.getOrDefault(owner, List.of()));
        seen.sort(Comparator.comparing(AdmissionChanged::occurredAt));
        return seen;
    }
}
