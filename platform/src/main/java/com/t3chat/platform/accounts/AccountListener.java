package com.t3chat.platform.accounts;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.UserDisabled;
import com.t3chat.contracts.auth.UserEnabled;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Mono;

/**
 * What every service with a database consumes from auth-service: users disabled and enabled again. A new consumer
 * group (a new deployment) starts at the topic's beginning, so that it learns of users disabled before it existed.
 * Every handler returns its {@link Mono}: the record is acknowledged when the write completes and the consumer thread
 * never waits on the database (all of them, since a {@code void} handler next to a {@code Mono} one is never acked).
 */
@KafkaListener(topics = Topics.AUTH_USERS, properties = "auto.offset.reset=earliest",
        groupId = "${spring.kafka.consumer.group-id:${spring.application.name:t3chat}}")
public class AccountListener {

    private final DisabledUsers disabledUsers;

    public AccountListener(DisabledUsers disabledUsers) {
        this.disabledUsers = disabledUsers;
    }

    @KafkaHandler
    Mono<Void> on(UserDisabled event) {
        return disabledUsers.disable(event);
    }

    @KafkaHandler
    Mono<Void> on(UserEnabled event) {
        return disabledUsers.enable(event);
    }

    /** Other account events are not ours to handle. */
    @KafkaHandler(isDefault = true)
    Mono<Void> ignore(Object other) {
        return Mono.empty();
    }
}
