package com.t3chat.platform.accounts;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.UserDisabled;
import com.t3chat.contracts.auth.UserEnabled;
import com.t3chat.platform.kafka.EventRecords;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every service with a database consumes from auth-service: users disabled and enabled again. A new consumer group (a new
 * deployment) starts at the topic's beginning, so that it learns of users disabled before it existed.
 */
public class AccountListener {

    private static final Duration HANDLING_TIMEOUT = Duration.ofSeconds(30);

    private final DisabledUsers disabledUsers;
    private final JsonMapper json;

    public AccountListener(DisabledUsers disabledUsers, JsonMapper json) {
        this.disabledUsers = disabledUsers;
        this.json = json;
    }

    @KafkaListener(topics = Topics.AUTH_USERS, properties = "auto.offset.reset=earliest",
            groupId = "${spring.kafka.consumer.group-id:${spring.application.name:t3chat}}")
    void dispatch(ConsumerRecord<String, String> record) {
        switch (EventRecords.eventType(record)) {
            case UserDisabled.TYPE -> on(json.readValue(record.value(), UserDisabled.class));
            case UserEnabled.TYPE -> on(json.readValue(record.value(), UserEnabled.class));
            default -> {
                // other account events are not ours to handle
            }
        }
    }

    void on(UserDisabled event) {
        disabledUsers.disable(event).block(HANDLING_TIMEOUT);
    }

    void on(UserEnabled event) {
        disabledUsers.enable(event).block(HANDLING_TIMEOUT);
    }
}
