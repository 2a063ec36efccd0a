package com.t3chat.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.EventHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

    @Test
    void theTypeComesFromTheLastEventTypeHeaderAndIsEmptyWithoutOne() {
        ConsumerRecord<String, String> typed = new ConsumerRecord<>("chat.chats.v1", 0, 0, "key", "{}");
        typed.headers().add(EventHeaders.EVENT_TYPE, "ChatCreated".getBytes(StandardCharsets.UTF_8));
        typed.headers().add(EventHeaders.EVENT_TYPE, "ChatDeleted".getBytes(StandardCharsets.UTF_8));

        assertThat(EventRecords.eventType(typed)).isEqualTo("ChatDeleted");
        assertThat(EventRecords.eventType(new ConsumerRecord<>("chat.chats.v1", 0, 0, "key", "{}"))).isEmpty();
    }
}
