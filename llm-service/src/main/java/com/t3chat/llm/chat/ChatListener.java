package com.t3chat.llm.chat;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ChatCreated;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/** What llm-service consumes from chat-service. */
@Component
class ChatListener {

    private static final Duration HANDLING_TIMEOUT = Duration.ofSeconds(30);

    private final KnownChats knownChats;

    ChatListener(KnownChats knownChats) {
        this.knownChats = knownChats;
    }

    @KafkaListener(topics = Topics.CHAT_CHATS)
    void on(@Payload ChatCreated event, @Header(EventHeaders.EVENT_TYPE) String type) {
        if (ChatCreated.TYPE.equals(type)) {
            knownChats.record(event).block(HANDLING_TIMEOUT);
        }
    }
}
