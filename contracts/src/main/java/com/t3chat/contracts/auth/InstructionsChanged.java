package com.t3chat.contracts.auth;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A user set, changed or cleared their custom instructions (Settings): every reply they ask for follows them. Topic
 * {@link com.t3chat.contracts.Topics#AUTH_USERS}, key = user id, so a user's changes stay in order; published only
 * when the instructions actually changed.
 *
 * @param occurredAt         when the change was stored (auth-service's database clock, taken under the row's lock,
 *                           so a user's later change always has a later time): a consumer keeps the newest and
 *                           ignores an older one delivered again
 * @param userId             the user's id (the {@code sub} of their tokens)
 * @param customInstructions the instructions now in force (at most 4000 characters), or null if cleared
 */
public record InstructionsChanged(UUID eventId, Instant occurredAt, String userId, String customInstructions)
        implements IntegrationEvent {

    public static final String TYPE = "InstructionsChanged";
}
