package com.t3chat.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.chat.ChatCreated;
import com.t3chat.contracts.chat.ChatDeleted;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaNull;
import tools.jackson.databind.json.JsonMapper;

class EventMessageConverterTest {

    private static final UUID CHAT = UUID.randomUUID();
    private static final String CREATED = """
            {"eventId":"%s","occurredAt":"2026-12-02T10:00:00Z","chatId":"%s","ownerId":"alice","model":"m"}"""
            .formatted(UUID.randomUUID(), CHAT);

    private final EventMessageConverter converter = new EventMessageConverter(JsonMapper.builder().build());

    @Test
    void aKnownTypeIsBoundToItsContractsRecordWhenTheListenerTakesAnything() {
        Object payload = payload(record("ChatCreated", CREATED), Object.class);

        assertThat(payload).isInstanceOfSatisfying(ChatCreated.class, created -> {
            assertThat(created.chatId()).isEqualTo(CHAT);
            assertThat(created.ownerId()).isEqualTo("alice");
        });
        assertThat(payload(record("ChatCreated", CREATED), null)).isInstanceOf(ChatCreated.class);
    }

    @Test
    void anUnknownTypeBecomesAnUnknownEventWithoutReadingThePayload() {
        assertThat(payload(record("SomethingNew", "not even json"), null)).isEqualTo(new UnknownEvent("SomethingNew"));
    }

    @Test
    void aListenerAskingForOneTypeGetsThatTypeWhateverTheHeaderSays() {
        // today's single-method listeners (e.g. on(ChatCreated) on a topic that also carries ChatDeleted)
        assertThat(payload(record("ChatDeleted", CREATED), ChatCreated.class)).isInstanceOf(ChatCreated.class);
        assertThat(payload(record("SomethingNew", CREATED), ChatCreated.class)).isInstanceOf(ChatCreated.class);
    }

    @Test
    void aRecordWithoutTheHeaderIsPlainJsonAndATombstoneIsKafkaNull() {
        assertThat(payload(new ConsumerRecord<>("t", 0, 0, "k", CREATED), null)).isInstanceOf(Map.class);
        assertThat(payload(record("ChatDeleted", null), null)).isEqualTo(KafkaNull.INSTANCE);
    }

    @Test
    void theMapperNeverLoadsAClassTheProducerNames() {
        var mapper = new EventTypeMapper();
        var headers = record(ChatDeleted.class.getName(), CREATED).headers();
        assertThat(mapper.toJavaType(headers).getRawClass()).isEqualTo(UnknownEvent.class);
        assertThat(mapper.toJavaType(record("ChatDeleted", CREATED).headers()).getRawClass())
                .isEqualTo(ChatDeleted.class);
        assertThat(mapper.toJavaType(new ConsumerRecord<>("t", 0, 0, "k", "{}").headers())).isNull();
    }

    private Object payload(ConsumerRecord<String, String> record, java.lang.reflect.Type type) {
        return converter.toMessage(record, null, null, type).getPayload();
    }

    private static ConsumerRecord<String, String> record(String type, String json) {
        var record = new ConsumerRecord<>("chat.chats.v1", 0, 0, "key", json);
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
