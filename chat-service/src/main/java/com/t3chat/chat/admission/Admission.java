package com.t3chat.chat.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A user's admission to system-key replies as llm-service last announced it (a row of {@code system_key_admission}).
 *
 * @param limit    the limit that refuses (e.g. {@code tokens-per-day}), or null
 * @param resetsAt when the refusal ends by itself, or null when it frees as replies end
 * @param detail   llm-service's sentence for the user
 */
record Admission(String ownerId, boolean refused, String limit, Instant resetsAt, String detail,
        List<String> ownKeyProviders, Instant occurredAt) {

    /**
     * Whether a reply with a model of {@code provider} is refused at {@code now} (null provider: not known). A
     * refusal with no reset frees when a reply ends, and llm-service announces that; should the end never come
     * (its generator died), it stops refusing after {@code withoutResetFor}, as llm-service then stops counting
     * the reply as running.
     */
    boolean refuses(String provider, Instant now, Duration withoutResetFor) {
        Instant until = resetsAt != null ? resetsAt : occurredAt.plus(withoutResetFor);
        return refused && until.isAfter(now) && provider != null && !ownKeyProviders.contains(provider);
    }
}
