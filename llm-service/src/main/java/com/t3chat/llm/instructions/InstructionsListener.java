package com.t3chat.llm.instructions;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.InstructionsChanged;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What llm-service consumes from auth-service for prompts: users' custom instructions. Its own consumer group, not
 * the platform's {@code AccountListener}'s: two listeners in one group would split the topic's partitions between
 * them, each seeing only part of the events. A new group starts at the topic's beginning, so that a new deployment
 * learns of instructions set before it existed. Other account events are not ours here. Handlers return the
 * handling's {@link Mono} (acknowledged when it completes; the consumer thread never waits on the database).
 */
@Component
@KafkaListener(topics = Topics.AUTH_USERS, properties = "auto.offset.reset=earliest",
        groupId = "${spring.kafka.consumer.group-id:${spring.application.name}}-instructions")
class InstructionsListener {

    private final CustomInstructions instructions;

    InstructionsListener(CustomInstructions instructions) {
        this.instructions = instructions;
    }

    @KafkaHandler
    Mono<Void> on(InstructionsChanged event) {
        return instructions.apply(event);
    }

    @KafkaHandler(isDefault = true)
    Mono<Void> ignore(Object other) {
        return Mono.empty();
    }
}
