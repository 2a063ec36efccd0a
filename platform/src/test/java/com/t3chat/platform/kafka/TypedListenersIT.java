package com.t3chat.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ChatCreated;
import com.t3chat.contracts.chat.ChatDeleted;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.platform.PlatformTestApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed dispatch on a real broker: one topic, read at once by a class-level listener with a handler per event type,
 * by a listener of raw {@code ConsumerRecord<String, String>} (the style not converted yet), by a batch listener of
 * {@code List<IntegrationEvent>} and by a listener whose handlers return {@code Mono<Void>} (acknowledged when it completes).
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.cloud.config.enabled=false", "t3chat.kafka.topics=" + TypedListenersIT.TOPIC})
@Import({TypedListenersIT.Typed.class, TypedListenersIT.Raw.class, TypedListenersIT.Batch.class,
        TypedListenersIT.Async.class})
class TypedListenersIT {

    static final String TOPIC = "platform.typed.v1";
    private static final TestInfra infra = TestInfra.shared();
    private static final String RUN = UUID.randomUUID().toString();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "platform");
    }

    @Autowired
    Typed typed;

    @Autowired
    Raw raw;

    @Autowired
    Batch batch;

    @Autowired
    Async async;

    @Autowired
    JsonMapper json;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void eachStyleOfListenerGetsWhatItAsksForAndAnUnknownTypeReachesTheDefaultHandler() throws Exception {
        UUID chat = UUID.randomUUID();
        String unknownType = "SomethingNew" + RUN.substring(0, 8);
        var created = new ChatCreated(UUID.randomUUID(), Instant.now(), chat, "alice", "offline/demo");
        var deleted = new ChatDeleted(UUID.randomUUID(), Instant.now(), chat, "alice");
        try (var producer = producer()) {
            send(producer, chat, ChatCreated.TYPE, json.writeValueAsString(created));
            send(producer, chat, unknownType, "{\"whatever\": [1, 2, 3]}");
            send(producer, chat, ChatDeleted.TYPE, json.writeValueAsString(deleted));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(List.of(typed.seen.size(), raw.seen.size(), batch.seen.size(), async.seen.size()))
                    .as("typed, raw, batch, async").allMatch(n -> n >= 3);
            assertThat(typed.seen).filteredOn(e -> mine(e, chat, unknownType))
                    .containsExactly(created, new UnknownEvent(unknownType), deleted);
            assertThat(raw.seen).filteredOn(r -> r.key().equals(chat.toString()))
                    .extracting(EventRecords::eventType).containsExactly(ChatCreated.TYPE, unknownType, ChatDeleted.TYPE);
            assertThat(batch.seen).filteredOn(e -> mine(e, chat, unknownType))
                    .containsExactly(created, new UnknownEvent(unknownType), deleted);
            assertThat(async.seen).filteredOn(e -> mine(e, chat, unknownType))
                    .containsExactly(created, new UnknownEvent(unknownType), deleted);
        });
        // an empty Mono acknowledges its record: the async group's committed offsets reach the end of the topic
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed(Async.ID))
                .isEqualTo(endOffsets()));
        // and nothing was a conversion failure
        assertThat(deadLetters(chat)).isEmpty();
    }

    private static boolean mine(Object event, UUID chat, String unknownType) {
        return switch (event) {
            case ChatCreated e -> e.chatId().equals(chat);
            case ChatDeleted e -> e.chatId().equals(chat);
            case UnknownEvent e -> e.type().equals(unknownType);
            default -> false;
        };
    }

    /** A class-level listener: one handler per type, a default one for everything else. */

    @KafkaListener(topics = TOPIC, groupId = "typed-it-typed-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=earliest")
    static class Typed {

        final List<Object> seen = new CopyOnWriteArrayList<>();

        @KafkaHandler
        void on(ChatCreated created) {
            seen.add(created);
        }

        @KafkaHandler
        void on(ChatDeleted deleted) {
            seen.add(deleted);
        }

        @KafkaHandler(isDefault = true)
        void ignore(Object other) {
            seen.add(other);
        }
    }

    /** Today's style in the services not converted yet. */

    static class Raw {

        final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = TOPIC, groupId = "typed-it-raw-#{T(java.util.UUID).randomUUID()}",
                properties = "auto.offset.reset=earliest")
        void dispatch(ConsumerRecord<String, String> record) {
            seen.add(record);
        }
    }


    static class Batch {

        final List<Object> seen = new CopyOnWriteArrayList<>();

        /** {@code List<IntegrationEvent>}, not {@code List<Object>}: spring-kafka hands the latter raw records. */
        @KafkaListener(topics = TOPIC, groupId = "typed-it-batch-#{T(java.util.UUID).randomUUID()}", batch = "true",
                properties = "auto.offset.reset=earliest")
        void on(List<IntegrationEvent> events) {
            seen.addAll(events);
        }
    }

    /**
     * Handlers that return {@code Mono<Void>}: the container acknowledges each record when its Mono completes. Every
     * handler of such a listener must return a Mono — a {@code void} one beside them would never be acknowledged.
     */

    @KafkaListener(id = Async.ID, topics = TOPIC, groupId = "typed-it-async-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=earliest")
    static class Async {

        static final String ID = "typed-it-async";
        final List<Object> seen = new CopyOnWriteArrayList<>();

        @KafkaHandler
        Mono<Void> on(ChatCreated created) {
            return Mono.fromRunnable(() -> seen.add(created)).delaySubscription(Duration.ofMillis(50)).then();
        }

        @KafkaHandler
        Mono<Void> on(ChatDeleted deleted) {
            return Mono.fromRunnable(() -> seen.add(deleted)).then();
        }

        @KafkaHandler(isDefault = true)
        Mono<Void> ignore(Object other) {
            seen.add(other);
            return Mono.empty();
        }
    }

    private Map<TopicPartition, Long> committed(String listenerId) throws Exception {
        String group = listeners.getListenerContainer(listenerId).getGroupId();
        try (var admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (var admin = admin()) {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC)
                    .partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition()))
                    .collect(Collectors.toSet());
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream()
                    .filter(e -> e.getValue().offset() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static List<String> deadLetters(UUID chat) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "typed-it-dlt-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC + Topics.DEAD_LETTER_SUFFIX));
            List<String> found = new CopyOnWriteArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (chat.toString().equals(r.key())) {
                        found.add(r.value());
                    }
                });
            }
            return found;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));
    }

    private static KafkaProducer<String, String> producer() {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, UUID key, String type, String json)
            throws Exception {
        var record = new ProducerRecord<>(TOPIC, key.toString(), json);
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }
}
