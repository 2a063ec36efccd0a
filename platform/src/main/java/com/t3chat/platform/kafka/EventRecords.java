package com.t3chat.platform.kafka;

import com.t3chat.contracts.EventHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reading what every event record carries, for the listeners that dispatch on it. */
public final class EventRecords {

    private EventRecords() {
    }

    /** The record's {@code event-type} header (a short type name such as {@code ChatCreated}), or "" without one. */
    public static String eventType(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
