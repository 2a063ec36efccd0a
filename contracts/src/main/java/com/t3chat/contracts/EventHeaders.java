package com.t3chat.contracts;

/** Kafka record headers every event carries. */
public final class EventHeaders {

    /** A short, stable type name such as {@code ChatCreated} — never a Java class name. */
    public static final String EVENT_TYPE = "event-type";

    /** The event's id, duplicated from the payload so that tools can deduplicate without parsing it. */
    public static final String EVENT_ID = "event-id";

    private EventHeaders() {
    }
}
