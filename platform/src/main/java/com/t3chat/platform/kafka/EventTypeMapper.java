package com.t3chat.platform.kafka;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.EventTypes;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

/**
 * Maps a record's {@code event-type} header to its {@code contracts} record class through {@link EventTypes} — never
 * to a class named by the producer. A name this version does not know maps to {@link UnknownEvent}; a record
 * without the header has no type here (the listener's parameter type decides, as before).
 */
public class EventTypeMapper extends DefaultJacksonJavaTypeMapper {

    private final TypeFactory types = TypeFactory.createDefaultInstance();

    public EventTypeMapper() {
        setClassIdFieldName(EventHeaders.EVENT_TYPE);
        setIdClassMapping(EventTypes.classesByName());
    }

    @Override
    public JavaType toJavaType(Headers headers) {
        String name = retrieveHeaderAsString(headers, EventHeaders.EVENT_TYPE);
        if (name == null) {
            return null;
        }
        Class<?> type = getIdClassMapping().get(name);
        return types.constructType(type == null ? UnknownEvent.class : type);
    }
}
