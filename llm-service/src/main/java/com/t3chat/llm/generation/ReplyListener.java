package com.t3chat.llm.generation;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.platform.kafka.EventRecords;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reply generation consumes: {@code chat.messages.v1} carries requests, stops and abandons, told apart by the
 * {@code event-type} header. One listener (one consumer) for all, so that a chat's stop follows its request on the
 * instance that runs it; other types on the topic are not for us.
 *
 * <p>It takes a whole poll at a time and looks ahead in it: a request whose reply is stopped or abandoned later in
 * the same poll is never started. After an outage the backlog arrives in a few large polls, so a reply that its user
 * stopped (or that chat-service gave up on) while it waited is not generated and not charged. A record that keeps
 * failing is retried from its own position and then sent to the DLT, as with a record listener.
 */
@Component
class ReplyListener {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    private final ReplyGenerations generations;
    private final JsonMapper json;

    ReplyListener(ReplyGenerations generations, JsonMapper json) {
        this.generations = generations;
        this.json = json;
    }

    @KafkaListener(topics = Topics.CHAT_MESSAGES, batch = "true")
    void dispatch(List<ConsumerRecord<String, String>> records) {
        Set<UUID> ended = endedIn(records);
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            try {
                switch (EventRecords.eventType(record)) {
                    case ReplyRequested.TYPE -> on(json.readValue(record.value(), ReplyRequested.class), ended);
                    case ReplyStopRequested.TYPE -> on(json.readValue(record.value(), ReplyStopRequested.class));
                    case ReplyAbandoned.TYPE -> on(json.readValue(record.value(), ReplyAbandoned.class));
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("Record " + record.offset() + " of " + record.topic() + "-"
                        + record.partition() + " failed", e, i);
            }
        }
    }

    void on(ReplyRequested event, Set<UUID> endedLaterInThisPoll) {
        if (endedLaterInThisPoll.contains(event.replyId())) {
            log.info("Reply {} was stopped or abandoned before it was started: not generated", event.replyId());
            return;
        }
        generations.start(event);
    }

    void on(ReplyStopRequested event) {
        generations.stop(event.replyId());
    }

    void on(ReplyAbandoned event) {
        generations.stop(event.replyId());
    }

    /** The replies a stop or an abandon in these records names (unreadable records are left to the loop). */
    private Set<UUID> endedIn(List<ConsumerRecord<String, String>> records) {
        Set<UUID> ended = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                switch (EventRecords.eventType(record)) {
                    case ReplyStopRequested.TYPE ->
                            ended.add(json.readValue(record.value(), ReplyStopRequested.class).replyId());
                    case ReplyAbandoned.TYPE -> ended.add(json.readValue(record.value(), ReplyAbandoned.class).replyId());
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                // the loop meets it again and fails it in place
            }
        }
        return ended;
    }
}
