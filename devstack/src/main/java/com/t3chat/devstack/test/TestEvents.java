package com.t3chat.devstack.test;

import com.t3chat.contracts.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** A test standing in for another service: publishes an integration event the way an outbox relay does. */
public final class TestEvents {

    private TestEvents() {
    }

    /**
     * Publishes {@code json} to {@code topic} keyed by {@code key}, with the event-type and event-id headers, and
     * waits until the broker has it.
     */
    public static void publish(String bootstrapServers, String topic, String key, String type, UUID eventId,
            String json) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<>(topic, key, json);
            record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }
}
