package com.t3chat.platform.events;

import java.util.UUID;

/** One outbox row as the relay sends it: its id, the event's id, where it goes and its JSON as written. */
record OutboxRow(long id, UUID eventId, String topic, String key, String type, String payload) {
}
