package com.t3chat.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event on the bus carries. Records implementing it are the wire format: contracts only grow
 * (new fields are optional), and readers ignore fields they do not know.
 */
public interface IntegrationEvent {

    UUID eventId();

    Instant occurredAt();
}
