package com.t3chat.contracts.llm;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's admission to replies on the system's keys changed: a budget or limit now refuses them, or they are
 * admitted again, or the providers they have their own key for changed. A snapshot per user: the newest
 * {@code occurredAt} wins. Topic {@link com.t3chat.contracts.Topics#LLM_USAGE}, key = owner id. chat-service refuses
 * a post locally from the newest snapshot; no event for a user means admitted. llm-service still checks when it
 * starts a reply.
 *
 * @param refused          whether replies on the system's keys are refused now
 * @param limit            the limit that refuses (a stable name such as {@code monthly-budget}), or null
 * @param resetsAt         when the refusal ends by itself, or null when it frees as replies end
 * @param detail           a sentence for the user saying what was reached
 * @param ownKeyProviders  the providers the user has their own key for (their replies there are not refused)
 */
public record AdmissionChanged(UUID eventId, Instant occurredAt, String ownerId, boolean refused, String limit,
        Instant resetsAt, String detail, List<String> ownKeyProviders) implements IntegrationEvent {

    public AdmissionChanged {
        ownKeyProviders = ownKeyProviders == null ? List.of() : List.copyOf(ownKeyProviders);
    }

    public static final String TYPE = "AdmissionChanged";
}
