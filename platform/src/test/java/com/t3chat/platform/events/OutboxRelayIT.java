package com.t3chat.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.platform.PlatformTestApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.cloud.config.enabled=false", "t3chat.outbox.poll-interval=200ms",
                // longer than any test: a row younger than that was published eagerly, never by the poller
                "t3chat.outbox.eager-grace=1h",
                // created at start: a consumer subscribed to a missing topic would only see it minutes later
                "t3chat.kafka.topics=" + OutboxRelayIT.TOPIC})
@Import(OutboxRelayIT.ParkedEvents.class)
class OutboxRelayIT {

    private static final TestInfra infra = TestInfra.shared();
    static final String TOPIC = "platform.tests.v1";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "platform");
    }

    @Autowired
    OutboxWriter outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    DatabaseClient db;

    @Autowired
    ParkedEvents parked;

    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void subscribe() {
        consumer = consumer();
    }

    private static KafkaConsumer<String, String> consumer() {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    /** The event ids of every record {@code reader} saw until all of {@code eventIds} were among them. */
    private static List<String> awaitAll(KafkaConsumer<String, String> reader, String... eventIds) {
        List<String> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).untilAsserted(() -> {
            reader.poll(Duration.ofMillis(200)).forEach(r -> seen.add(header(r, EventHeaders.EVENT_ID)));
            assertThat(seen).contains(eventIds);
        });
        return seen;
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void aCommittedEventIsPublishedAtOnceWithItsHeadersAndMarkedSent() {
        awaitEagerPublishing();
        var event = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-1", "hello");

        tx.transactional(outbox.append(TOPIC, "thing-1", "ThingHappened", event)).block();

        // the poller takes no row younger than the grace (an hour here): this went out at commit
        ConsumerRecord<String, String> record = await(event.eventId().toString()).stream()
                .filter(r -> event.eventId().toString().equals(header(r, EventHeaders.EVENT_ID))).findFirst()
                .orElseThrow();
        assertThat(record.key()).isEqualTo("thing-1");
        assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("ThingHappened");
        assertThat(record.value()).contains("\"note\":\"hello\"");
        awaitSent(event.eventId());
    }

    @Test
    void eventsWithOneKeyArePublishedAtOnceInTheOrderTheyWereAppended() {
        awaitEagerPublishing();
        String key = "thing-" + UUID.randomUUID();
        List<ThingHappened> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(new ThingHappened(UUID.randomUUID(), Instant.now(), key, "number " + i));
        }
        // three in one transaction, then one transaction each
        tx.transactional(outbox.append(TOPIC, key, "ThingHappened", events.get(0))
                .then(outbox.append(TOPIC, key, "ThingHappened", events.get(1)))
                .then(outbox.append(TOPIC, key, "ThingHappened", events.get(2)))).block();
        for (ThingHappened event : events.subList(3, events.size())) {
            tx.transactional(outbox.append(TOPIC, key, "ThingHappened", event)).block();
        }

        List<String> ids = events.stream().map(e -> e.eventId().toString()).toList();
        assertThat(awaitAll(consumer, ids.toArray(String[]::new))).filteredOn(ids::contains)
                .containsExactlyElementsOf(ids);
        events.forEach(e -> awaitSent(e.eventId()));
    }

    @Test
    void aRowWhoseEagerSendWasLostIsSentByThePollerOnceOlderThanTheGrace() {
        awaitEagerPublishing();
        // committed without being handed to the relay, as when a replica dies between its commit and the send
        UUID young = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        insertUnsent(young, "now()");
        insertUnsent(old, "now() - interval '2 hours'");

        await(old.toString());
        awaitSent(old);
        // the round that took the old row left the young one: its eager send may still be on its way
        assertThat(count("select count(*) as n from outbox where sent_at is null and event_id = '" + young + "'"))
                .isOne();
        assertThat(relay.publishingEagerly()).isTrue();
        db.sql("delete from outbox where event_id = :id").bind("id", young).then().block();
    }

    @Test
    void aRowThatCanNeverBeSentLeavesEagerPublishingOnForTheRowsBehindIt() {
        awaitEagerPublishing();
        var huge = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-9", "x".repeat(1_100_000));
        var next = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-9", "after the huge one");

        tx.transactional(outbox.append(TOPIC, "thing-9", "ThingHappened", huge)).block();
        tx.transactional(outbox.append(TOPIC, "thing-9", "ThingHappened", next)).block();

        List<String> ids = await(next.eventId().toString()).stream().map(r -> header(r, EventHeaders.EVENT_ID))
                .toList();
        assertThat(ids).doesNotContain(huge.eventId().toString());
        awaitSent(next.eventId());
        assertThat(relay.publishingEagerly()).isTrue();
        // parked at once by the eager path (not after the grace), so that what waits on it can fail now
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) as n from outbox where "
                + "sent_at is null and parked_at is not null and attempts = 1 and event_id = '" + huge.eventId()
                + "'") == 1);
        db.sql("delete from outbox where event_id = :id").bind("id", huge.eventId()).then().block();
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        var rolledBack = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-2", "never");
        var committed = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-2", "after");

        assertThatThrownBy(() -> tx.transactional(outbox.append(TOPIC, "thing-2", "ThingHappened", rolledBack)
                .then(Mono.error(new IllegalStateException("the state change failed")))).block())
                .hasMessageContaining("the state change failed");
        tx.transactional(outbox.append(TOPIC, "thing-2", "ThingHappened", committed)).block();

        List<String> ids = await(committed.eventId().toString()).stream()
                .map(r -> header(r, EventHeaders.EVENT_ID)).toList();
        assertThat(ids).doesNotContain(rolledBack.eventId().toString());
        assertThat(count("select count(*) as n from outbox where event_id = '" + rolledBack.eventId() + "'"))
                .isZero();
    }

    @Test
    void writingOutsideATransactionIsRefused() {
        var event = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-3", "loose");

        assertThatThrownBy(() -> outbox.append(TOPIC, "thing-3", "ThingHappened", event).block())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedEagerSendLeavesRowsToThePollerUntilItCaughtUpSoThatOneKeyKeepsItsOrderAcrossABrokerOutage() {
        awaitEagerPublishing();
        String key = "thing-" + UUID.randomUUID();
        var first = new ThingHappened(UUID.randomUUID(), Instant.now(), key, "while the broker is down");
        var second = new ThingHappened(UUID.randomUUID(), Instant.now(), key, "while eager publishing is off");
        var third = new ThingHappened(UUID.randomUUID(), Instant.now(), key, "after the outage");
        infra.stopKafka();
        try {
            tx.transactional(outbox.append(TOPIC, key, "ThingHappened", first)).block();
            // its eager send fails once the producer gives up on it (delivery.timeout.ms)
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !relay.publishingEagerly());
            tx.transactional(outbox.append(TOPIC, key, "ThingHappened", second)).block();
            assertThat(count("select count(*) as n from outbox where sent_at is null and event_id in ('"
                    + first.eventId() + "', '" + second.eventId() + "')")).isEqualTo(2);
        } finally {
            infra.startKafka();
        }
        // the poller sends both although they are younger than the grace, then eager publishing resumes
        awaitSent(first.eventId(), Duration.ofSeconds(60));
        awaitSent(second.eventId(), Duration.ofSeconds(60));
        awaitEagerPublishing();
        tx.transactional(outbox.append(TOPIC, key, "ThingHappened", third)).block();

        List<String> ids = List.of(first.eventId().toString(), second.eventId().toString(),
                third.eventId().toString());
        // a row may go out twice (a retry), never after a newer one with its key
        assertThat(awaitAll(consumer, ids.toArray(String[]::new)).stream().filter(ids::contains).distinct())
                .containsExactlyElementsOf(ids);
        awaitSent(third.eventId());
    }

    @Test
    void eventsLeftUnsentWhenTheRelayStoppedAreSentByTheNextOne() {
        var event = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-5", "restart");
        relay.stop();
        try {
            tx.transactional(outbox.append(TOPIC, "thing-5", "ThingHappened", event)).block();
            assertThat(count("select count(*) as n from outbox where sent_at is null and event_id = '"
                    + event.eventId() + "'")).isOne();
        } finally {
            relay.start();
        }
        await(event.eventId().toString());
    }

    @Test
    void aRowTooLargeToSendIsParkedAndTheRowsBehindItGoOut() {
        // about 1.1 MB of JSON: over the producer's max.request.size (1 MiB) and the broker's message.max.bytes
        var huge = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-6", "x".repeat(1_100_000));
        var next = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-6", "after the huge one");
        var other = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-7", "someone else's");
        relay.stop();
        try {
            // in one batch, the huge row first
            tx.transactional(outbox.append(TOPIC, "thing-6", "ThingHappened", huge)).block();
            tx.transactional(outbox.append(TOPIC, "thing-6", "ThingHappened", next)).block();
            tx.transactional(outbox.append(TOPIC, "thing-7", "ThingHappened", other)).block();
        } finally {
            relay.start();
        }

        awaitSent(next.eventId());
        awaitSent(other.eventId());
        try (var reader = consumer()) {
            List<String> ids = awaitAll(reader, next.eventId().toString(), other.eventId().toString());
            assertThat(ids).doesNotContain(huge.eventId().toString());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(parked.seen())
                .filteredOn(p -> p.eventId().equals(huge.eventId())).singleElement()
                .satisfies(p -> {
                    assertThat(p.reason()).isEqualTo(OutboxEventParked.Reason.TOO_LARGE);
                    assertThat(p.topic()).isEqualTo(TOPIC);
                    assertThat(p.key()).isEqualTo("thing-6");
                    assertThat(p.eventType()).isEqualTo("ThingHappened");
                    assertThat(p.payload()).contains(huge.eventId().toString());
                    assertThat(p.failure()).contains("RecordTooLargeException");
                }));
        // kept for an operator, never selected again, never purged as sent
        String row = "event_id = '" + huge.eventId() + "'";
        assertThat(count("select count(*) as n from outbox where parked_at is not null and sent_at is null and "
                + "failure like 'RecordTooLargeException%' and attempts = 1 and " + row)).isOne();
        var later = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-6", "still flowing");
        tx.transactional(outbox.append(TOPIC, "thing-6", "ThingHappened", later)).block();
        awaitSent(later.eventId());
        assertThat(parked.seen()).filteredOn(p -> p.eventId().equals(huge.eventId())).hasSize(1);
    }

    @Test
    void aRowForATopicThatCannotExistIsParkedAndOthersGoOut() {
        var lost = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-8", "nowhere");
        var fine = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-8", "somewhere");
        relay.stop();
        try {
            tx.transactional(outbox.append("no such topic!", "thing-8", "ThingHappened", lost)).block();
            tx.transactional(outbox.append(TOPIC, "thing-8", "ThingHappened", fine)).block();
        } finally {
            relay.start();
        }

        await(fine.eventId().toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(parked.seen())
                .filteredOn(p -> p.eventId().equals(lost.eventId())).singleElement()
                .extracting(OutboxEventParked::reason).isEqualTo(OutboxEventParked.Reason.REJECTED));
    }

    private List<ConsumerRecord<String, String>> await(String eventId) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            List<ConsumerRecord<String, String>> matching = seen.stream()
                    .filter(r -> eventId.equals(header(r, EventHeaders.EVENT_ID))).toList();
            if (!matching.isEmpty()) {
                return seen;
            }
        }
        throw new AssertionError("event " + eventId + " was not published; saw " + seen.size() + " records");
    }

    private void awaitEagerPublishing() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(relay::publishingEagerly);
    }

    /** An unsent row committed by hand, created at {@code createdAt} (SQL). */
    private void insertUnsent(UUID eventId, String createdAt) {
        db.sql("insert into outbox (event_id, topic, event_key, event_type, payload, created_at) values (:id, '"
                        + TOPIC + "', 'thing-10', 'ThingHappened', cast(:payload as json), " + createdAt + ")")
                .bind("id", eventId)
                .bind("payload", "{\"eventId\":\"" + eventId + "\"}")
                .then()
                .block();
    }

    private void awaitSent(UUID eventId) {
        awaitSent(eventId, Duration.ofSeconds(10));
    }

    private void awaitSent(UUID eventId, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (count("select count(*) as n from outbox where sent_at is not null and event_id = '" + eventId + "'")
                    == 1) {
                return;
            }
        }
        throw new AssertionError("event " + eventId + " was never marked sent");
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get("n", Long.class)).one().block();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Collects what the relay parks, as an owner's listener would. */
    @TestConfiguration
    static class ParkedEvents {

        private final List<OutboxEventParked> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(OutboxEventParked parked) {
            seen.add(parked);
        }

        List<OutboxEventParked> seen() {
            return seen;
        }
    }

    record ThingHappened(UUID eventId, Instant occurredAt, String thingId, String note) implements IntegrationEvent {
    }
}
