package com.t3chat.platform.kafka;

import com.t3chat.contracts.EventTypes;
import com.t3chat.contracts.IntegrationEvent;
import java.lang.reflect.Type;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.converter.StringJacksonJsonMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a record's JSON to the {@code contracts} record its {@code event-type} header names ({@link EventTypeMapper})
 * whenever the listener does not ask for one specific type: a class-level {@code @KafkaListener} with one
 * {@code @KafkaHandler on(SomeEvent)} per type, or a batch of {@code List<Object>}. A name this version does not know
 * becomes an {@link UnknownEvent} (for a default handler to skip) instead of a conversion error. A listener whose
 * parameter is one record type is bound to that type, as before; one that takes {@code ConsumerRecord<String, String>}
 * gets the raw record.
 */
public class EventMessageConverter extends StringJacksonJsonMessageConverter {

    public EventMessageConverter(JsonMapper json) {
        super(json);
        setTypeMapper(new EventTypeMapper());
    }

    @Override
    protected Object extractAndConvertValue(ConsumerRecord<?, ?> record, Type type) {
        if (specific(type)) {
            return super.extractAndConvertValue(record, type);
        }
        String name = EventRecords.eventType(record);
        if (!name.isEmpty() && EventTypes.byName(name).isEmpty()) {
            return new UnknownEvent(name);
        }
        return super.extractAndConvertValue(record, null); // the header's class (or, without one, a plain map)
    }

    /** Whether the listener names one type to bind to (not "anything", nor "any event"). */
    private static boolean specific(Type type) {
        return type != null && type != Object.class && type != IntegrationEvent.class;
    }
}
