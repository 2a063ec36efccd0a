package com.t3chat.llm.generation;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reply generation consumes: {@code chat.messages.v1} carries both requests and stops, told apart by the
 * {@code event-type} header. One listener (one consumer) for both, so that a chat's stop follows its request on
 * the instance that runs it; other types on the topic are not for us.
 */
@Component
class ReplyListener {

    private final ReplyGenerations generations;
    private final JsonMapper json;

    ReplyListener(ReplyGenerations generations, JsonMapper json) {
        this.generations = generations;
        this.json = json;
    }

    @KafkaListener(topics = Topics.CHAT_MESSAGES)
    void dispatch(ConsumerRecord<String, String> record) {
        switch (eventType(record)) {
            case ReplyRequested.TYPE -> on(json.readValue(record.value(), ReplyRequested.class));
            case ReplyStopRequested.TYPE -> on(json.readValue(record.value(), ReplyStopRequested.class));
            default -> {
            }
        }
    }

    void on(ReplyRequested event) {
        generations.start(event);
    }

    void on(ReplyStopRequested event) {
        generations.stop(event);
    }

    private static String eventType(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
