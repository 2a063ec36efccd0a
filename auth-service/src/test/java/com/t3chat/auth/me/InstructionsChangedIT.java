package com.t3chat.auth.me;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.auth.AuthServiceIT;
import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.InstructionsChanged;
import com.t3chat.devstack.test.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's custom instructions reach llm-service as {@link InstructionsChanged} on {@code auth.users.v1}: one event
 * per actual change (set, changed, cleared), written to the outbox with the change and relayed to the topic keyed
 * by the user.
 */
class InstructionsChangedIT extends AuthServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    private static KafkaConsumer<String, String> consumer;

    @Autowired
    DatabaseClient db;

    @Autowired
    JsonMapper json;

    @BeforeAll
    static void subscribe() {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.shared().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "instructions-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.AUTH_USERS));
    }

    @AfterAll
    static void close() {
        consumer.close();
    }

    @Test
    void eachChangeOfTheInstructionsIsOneEventAndOtherChangesAreNone() throws Exception {
        String user = newUser();
        String subject = jwt.subject(user);

        patch(user, Map.of("preferences", Map.of("customInstructions", "Answer in French.")));
        List<InstructionsChanged> outbox = outboxEvents(subject);
        assertThat(outbox).singleElement().satisfies(event -> {
            assertThat(event.userId()).isEqualTo(subject);
            assertThat(event.customInstructions()).isEqualTo("Answer in French.");
            assertThat(event.eventId()).isNotNull();
            assertThat(event.occurredAt()).isNotNull();
        });

        // the same instructions again, other fields, an empty patch: nothing to announce
        patch(user, Map.of("preferences", Map.of("customInstructions", "Answer in French.", "theme", "dark")));
        patch(user, Map.of("displayName", "Zoé"));
        patch(user, Map.of());
        assertThat(outboxEvents(subject)).hasSize(1);

        patch(user, Map.of("preferences", Map.of("customInstructions", "Answer in German.")));
        patch(user, Map.of("preferences", Map.of("customInstructions", "")));
        patch(user, Map.of("preferences", Map.of("customInstructions", ""))); // already cleared
        outbox = outboxEvents(subject);
        assertThat(outbox).extracting(InstructionsChanged::customInstructions)
                .containsExactly("Answer in French.", "Answer in German.", null);
        assertThat(outbox.get(1).occurredAt()).isAfter(outbox.get(0).occurredAt());
        assertThat(outbox.get(2).occurredAt()).isAfter(outbox.get(1).occurredAt());

        // relayed to the topic in that order, keyed by the user, the short type in the header
        List<ConsumerRecord<String, String>> records = awaitRecords(subject, 3);
        assertThat(records).allSatisfy(record -> assertThat(type(record)).isEqualTo(InstructionsChanged.TYPE));
        assertThat(records).extracting(record -> json.readValue(record.value(), InstructionsChanged.class))
                .containsExactlyElementsOf(outbox);
    }

    @Test
    void changesThatLeaveNoInstructionsAnnounceNothing() throws Exception {
        String user = newUser();
        String subject = jwt.subject(user);
        patch(user, Map.of("preferences", Map.of("theme", "light")));
        patch(user, Map.of("preferences", Map.of("customInstructions", ""))); // nothing to clear
        patch(user, Map.of("displayName", "Yann"));
        assertThat(outboxEvents(subject)).isEmpty();

        // a user's first change may be the instructions themselves
        String other = newUser();
        patch(other, Map.of("preferences", Map.of("customInstructions", "Be terse.")));
        assertThat(outboxEvents(jwt.subject(other))).extracting(InstructionsChanged::customInstructions)
                .containsExactly("Be terse.");
        assertThat(awaitRecords(jwt.subject(other), 1)).hasSize(1);
        assertThat(awaitRecords(subject, 0)).isEmpty();
    }

    @Test
    void aRefusedChangeAnnouncesNothing() {
        String user = newUser();
        http.patch().uri("/api/me").header("Authorization", "Bearer " + jwt.token(user, "user"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("preferences", Map.of("customInstructions", "Be brief.", "theme", "blue")))
                .exchange()
                .expectStatus().isBadRequest();
        assertThat(outboxEvents(jwt.subject(user))).isEmpty();
    }

    private List<InstructionsChanged> outboxEvents(String subject) {
        return db.sql("""
                        select payload::text as payload from outbox
                        where event_key = :key and event_type = :type and topic = :topic order by id""")
                .bind("key", subject)
                .bind("type", InstructionsChanged.TYPE)
                .bind("topic", Topics.AUTH_USERS)
                .map(row -> json.readValue(row.get("payload", String.class), InstructionsChanged.class))
                .all()
                .collectList()
                .block();
    }

    /** The user's records on the topic once there are {@code count}, after a moment in which no more came. */
    private static synchronized List<ConsumerRecord<String, String>> awaitRecords(String key, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && ofKey(key).size() < count) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        long linger = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < linger) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return ofKey(key);
    }

    private static List<ConsumerRecord<String, String>> ofKey(String key) {
        return seen.stream().filter(record -> key.equals(record.key())).toList();
    }

    private static String type(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8);
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void patch(String user, Object body) {
        http.patch().uri("/api/me").header("Authorization", "Bearer " + jwt.token(user, "user"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk();
    }
}
