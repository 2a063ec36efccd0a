package com.t3chat.chat.admission;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.AdmissionChanged;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What chat-service consumes from llm-service's usage: each user's admission to system-key replies. One consumer
 * group for all replicas (the table is shared; the newest announcement wins, so a replay changes nothing); a new
 * group starts at the topic's beginning. Every handler returns its {@link Mono} — the record is acknowledged when it
 * completes, the consumer thread never waits on the database, and a failure goes to the platform's bounded retries,
 * then the dead-letter topic. (In a listener whose handlers return {@code Mono}, a {@code void} one would never be
 * acknowledged: the default handler returns one too.)
 */
@Component
@KafkaListener(topics = Topics.LLM_USAGE, groupId = "chat-service", properties = "auto.offset.reset=earliest")
class AdmissionListener {

    private final Admissions admissions;

    AdmissionListener(Admissions admissions) {
        this.admissions = admissions;
    }

    @KafkaHandler
    Mono<Void> on(AdmissionChanged change) {
        return admissions.on(change);
    }

    /** Types a newer llm-service may add to the topic are not ours to handle. */
    @KafkaHandler(isDefault = true)
    Mono<Void> ignore(Object other) {
        return Mono.empty();
    }
}
