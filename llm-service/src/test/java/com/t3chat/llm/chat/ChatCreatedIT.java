package com.t3chat.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.devstack.test.TestJwtIssuer;
import com.t3chat.llm.LlmServiceIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class ChatCreatedIT extends LlmServiceIT {

    @Autowired
    WebTestClient http;

    @Test
    void aChatCreatedEventIsRecordedOnceEvenWhenDeliveredTwice() throws Exception {
        String erin = "erin-" + UUID.randomUUID();
        UUID chatId = UUID.randomUUID();
        String event = """
                {"eventId":"%s","occurredAt":"%s","chatId":"%s","ownerId":"%s","model":null,"addedLater":1}"""
                .formatted(UUID.randomUUID(), Instant.now(), chatId, jwt.subject(erin));
        try (var producer = producer()) {
            producer.send(record(chatId.toString(), "ChatCreated", event)).get();
            producer.send(record(chatId.toString(), "ChatCreated", event)).get();
        }

        awaitChats(erin, 1);
        // a second, different chat of the same owner counts; the replay above did not
        UUID second = UUID.randomUUID();
        try (var producer = producer()) {
            producer.send(record(second.toString(), "ChatCreated", """
                    {"eventId":"%s","occurredAt":"%s","chatId":"%s","ownerId":"%s"}"""
                    .formatted(UUID.randomUUID(), Instant.now(), second, jwt.subject(erin)))).get();
        }
        awaitChats(erin, 2);
    }

    @Test
    void aRecordThatCannotBeHandledEndsUpOnTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        try (var producer = producer()) {
            producer.send(record(key, "ChatCreated", "{\"eventId\":\"not-a-uuid\"")).get();
        }
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CHAT_CHATS + Topics.DEAD_LETTER_SUFFIX));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the poison record never reached the dead-letter topic");
    }

    @Test
    void usageNeedsAValidToken() {
        http.get().uri("/api/usage").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/usage")
                .header("Authorization", "Bearer " + TestJwtIssuer.tamper(jwt.token("erin", "user")))
                .exchange().expectStatus().isUnauthorized();
    }

    private void awaitChats(String username, long expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(usage(username).chats()).isEqualTo(expected));
        // and it stays so: a late duplicate must not add another
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    UsageBody now = usage(username);
                    assertThat(now.subject()).isEqualTo(jwt.subject(username));
                    assertThat(now.chats()).isEqualTo(expected);
                });
    }

    private UsageBody usage(String username) {
        return http.get().uri("/api/usage").header("Authorization", "Bearer " + jwt.token(username, "user"))
                .exchange().expectStatus().isOk().expectBody(UsageBody.class).returnResult().getResponseBody();
    }

    private static KafkaProducer<String, String> producer() {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static ProducerRecord<String, String> record(String key, String type, String value) {
        var record = new ProducerRecord<>(Topics.CHAT_CHATS, key, value);
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    record UsageBody(String subject, long chats) {
    }
}
