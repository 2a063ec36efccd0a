package com.t3chat.llm.instructions;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.InstructionsChanged;
import com.t3chat.platform.kafka.EventRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What llm-service consumes from auth-service for prompts: users' custom instructions. Its own consumer group, not
 * the platform's {@code AccountListener}'s: two listeners in one group would split the topic's partitions between
 * them, each seeing only part of the events. A new group starts at the topic's beginning, so that a new deployment
 * learns of instructions set before it existed. Other account events are not ours here. The listener returns the
 * handling's {@link Mono} (acknowledged when it completes; the consumer thread never waits on the database).
 */
@Component
class InstructionsListener {

    private final CustomInstructions instructions;
    private final JsonMapper json;

    InstructionsListener(CustomInstructions instructions, JsonMapper json) {
        this.instructions = instructions;
        this.json = json;
    }

    @KafkaListener(topics = Topics.AUTH_USERS, properties = "auto.offset.reset=earliest",
            groupId = "${spring.kafka.consumer.group-id:${spring.application.name}}-instructions")
    Mono<Void> dispatch(ConsumerRecord<String, String> record) {
        return InstructionsChanged.TYPE.equals(EventRecords.eventType(record))
                ? on(json.readValue(record.value(), InstructionsChanged.class))
                : Mono.empty();
    }

    Mono<Void> on(InstructionsChanged event) {
        return instructions.apply(event);
    }
}
