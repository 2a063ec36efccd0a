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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.cloud.config.enabled=false", "t3chat.outbox.poll-interval=200ms"})
class OutboxRelayIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final String TOPIC = "platform.tests.v1";

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

    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void subscribe() {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void aCommittedEventIsPublishedWithItsHeadersAndMarkedSent() {
        var event = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-1", "hello");

        tx.transactional(outbox.append(TOPIC, "thing-1", "ThingHappened", event)).block();

        ConsumerRecord<String, String> record = await(event.eventId().toString()).getFirst();
        assertThat(record.key()).isEqualTo("thing-1");
        assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("ThingHappened");
        assertThat(record.value()).contains("\"note\":\"hello\"");
        awaitSent(event.eventId());
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
    void eventsWrittenWhileTheBrokerIsDownArePublishedWhenItIsBack() {
        var event = new ThingHappened(UUID.randomUUID(), Instant.now(), "thing-4", "patience");
        infra.stopKafka();
        try {
            tx.transactional(outbox.append(TOPIC, "thing-4", "ThingHappened", event)).block();
            relay.wakeUp();
            assertThat(count("select count(*) as n from outbox where sent_at is null and event_id = '"
                    + event.eventId() + "'")).isOne();
        } finally {
            infra.startKafka();
        }
        await(event.eventId().toString());
        awaitSent(event.eventId());
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

    private void awaitSent(UUID eventId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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

    record ThingHappened(UUID eventId, Instant occurredAt, String thingId, String note) implements IntegrationEvent {
    }
}
