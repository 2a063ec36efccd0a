package com.t3chat.llm.chat;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ChatCreated;
import com.t3chat.contracts.chat.ChatDeleted;
import com.t3chat.llm.conversation.Conversations;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What llm-service consumes from chat-service's chats: who owns a chat, and that a chat is gone (its conversation is
 * deleted with it). Every handler returns the handling's {@link Mono} (all of them: in a class where one does, a
 * {@code void} handler would never be acknowledged): the record is acknowledged when it completes, and the consumer
 * thread never waits on the database. An unreadable record fails at once (retried, then sent to the DLT).
 */
@Component
@KafkaListener(topics = Topics.CHAT_CHATS)
class ChatListener {

    private final KnownChats knownChats;
    private final Conversations conversations;

    ChatListener(KnownChats knownChats, Conversations conversations) {
        this.knownChats = knownChats;
        this.conversations = conversations;
    }

    @KafkaHandler
    Mono<Void> on(ChatCreated event) {
        return knownChats.record(event);
    }

    @KafkaHandler
    Mono<Void> on(ChatDeleted event) {
        return conversations.forget(event);
    }

    /** Other chat events (and types a newer chat-service may add) are not ours. */
    @KafkaHandler(isDefault = true)
    Mono<Void> ignore(Object other) {
        return Mono.empty();
    }
}
