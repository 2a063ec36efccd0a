package com.t3chat.contracts.auth;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An admin disabled a user: their sessions are over, and services refuse their sensitive calls at once (before
 * their last access token expires). Topic {@link com.t3chat.contracts.Topics#AUTH_USERS}, key = user id.
 *
 * @param userId the user's id (the {@code sub} of their tokens)
 */
public record UserDisabled(UUID eventId, Instant occurredAt, String userId) implements IntegrationEvent {

    public static final String TYPE = "UserDisabled";
}
