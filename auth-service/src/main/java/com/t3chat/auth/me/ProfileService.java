package com.t3chat.auth.me;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.InstructionsChanged;
import com.t3chat.platform.events.OutboxWriter;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Changes a user's profile. When their custom instructions change (set, changed or cleared), {@link InstructionsChanged}
 * goes out through the outbox in the same transaction — llm-service keeps its own copy, so a reply never waits on
 * this service. A change that leaves them as they were announces nothing.
 */
@Service
class ProfileService {

    private final ProfileRepository profiles;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;

    ProfileService(ProfileRepository profiles, OutboxWriter outbox, TransactionalOperator tx) {
        this.profiles = profiles;
        this.outbox = outbox;
        this.tx = tx;
    }

    Mono<Profile> update(String userId, UpdateMeRequest change) {
        // the row's lock (held to the commit) orders a user's concurrent changes, and so their events' times
        Mono<Profile> update = profiles.lockInstructions(userId)
                .flatMap(before -> profiles.upsert(userId, change)
                        .flatMap(after -> Objects.equals(before.orElse(null), after.customInstructions())
                                ? Mono.just(after)
                                : outbox.append(Topics.AUTH_USERS, userId, InstructionsChanged.TYPE,
                                                new InstructionsChanged(UUID.randomUUID(), after.updatedAt(), userId,
                                                        after.customInstructions()))
                                        .thenReturn(after)));
        return tx.transactional(update);
    }
}
