package com.t3chat.contracts.auth;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/** An admin enabled a user again. Topic {@link com.t3chat.contracts.Topics#AUTH_USERS}, key = user id. */
public record UserEnabled(UUID eventId, Instant occurredAt, String userId) implements IntegrationEvent {

    public static final String TYPE = "UserEnabled";
}
