package com.t3chat.llm.chat;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ChatCreated;
import com.t3chat.contracts.chat.ChatDeleted;
import com.t3chat.llm.conversation.Conversations;
import com.t3chat.platform.kafka.EventRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What llm-service consumes from chat-service's chats: who owns a chat, and that a chat is gone (its conversation is
 * deleted with it). The listener returns the handling's {@link Mono}: the record is acknowledged when it completes,
 * and the consumer thread never waits on the database. An unreadable record fails at once, on the consumer thread
 * (retried, then sent to the DLT).
 */
@Component
class ChatListener {

    private final KnownChats knownChats;
    private final Conversations conversations;
    private final JsonMapper json;

    ChatListener(KnownChats knownChats, Conversations conversations, JsonMapper json) {
        this.knownChats = knownChats;
        this.conversations = conversations;
        this.json = json;
    }

    /** The one place that reads the {@code event-type} header here. */
    @KafkaListener(topics = Topics.CHAT_CHATS)
    Mono<Void> dispatch(ConsumerRecord<String, String> record) {
        return switch (EventRecords.eventType(record)) {
            case ChatCreated.TYPE -> on(json.readValue(record.value(), ChatCreated.class));
            case ChatDeleted.TYPE -> on(json.readValue(record.value(), ChatDeleted.class));
            default -> Mono.empty();
        };
    }

    Mono<Void> on(ChatCreated event) {
        return knownChats.record(event);
    }

    Mono<Void> on(ChatDeleted event) {
        return conversations.forget(event);
    }
}
