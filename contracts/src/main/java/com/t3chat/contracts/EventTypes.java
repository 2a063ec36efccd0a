package com.t3chat.contracts;

import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.contracts.auth.InstructionsChanged;
import com.t3chat.contracts.auth.UserDisabled;
import com.t3chat.contracts.auth.UserEnabled;
import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.contracts.chat.ChatCreated;
import com.t3chat.contracts.chat.ChatDeleted;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import com.t3chat.contracts.llm.AdmissionChanged;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.contracts.llm.ReplyStarted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table of every event on the bus: its short type name (the {@code event-type} header), its record class,
 * its topic and its key. Writers look topic, key and name up here ({@code outbox.append(event)}); readers map a
 * header to a class here (typed listeners). Adding an event means adding one line.
 */
public final class EventTypes {

    /** One kind of event. */
    public record Type<E extends IntegrationEvent>(String name, Class<E> type, String topic, Function<E, String> key) {

        /** The record key of {@code event} (it must be of this type). */
        public String keyOf(IntegrationEvent event) {
            return key.apply(type.cast(event));
        }
    }

    @SuppressWarnings("deprecation")
    private static final List<Type<?>> ALL = List.of(
            type(ChatCreated.TYPE, ChatCreated.class, Topics.CHAT_CHATS, e -> e.chatId().toString()),
            type(ChatDeleted.TYPE, ChatDeleted.class, Topics.CHAT_CHATS, e -> e.chatId().toString()),
            type(MessagePosted.TYPE, MessagePosted.class, Topics.CHAT_MESSAGES, e -> e.chatId().toString()),
            type(ChatBranched.TYPE, ChatBranched.class, Topics.CHAT_MESSAGES, e -> e.chatId().toString()),
            type(ReplyRequested.TYPE, ReplyRequested.class, Topics.CHAT_MESSAGES, e -> e.chatId().toString()),
            type(ReplyStopRequested.TYPE, ReplyStopRequested.class, Topics.CHAT_MESSAGES, e -> e.chatId().toString()),
            type(ReplyAbandoned.TYPE, ReplyAbandoned.class, Topics.CHAT_MESSAGES, e -> e.chatId().toString()),
            type(ReplyStarted.TYPE, ReplyStarted.class, Topics.LLM_REPLIES, e -> e.replyId().toString()),
            type(ReplyDelta.TYPE, ReplyDelta.class, Topics.LLM_REPLIES, e -> e.replyId().toString()),
            type(ReplyCompleted.TYPE, ReplyCompleted.class, Topics.LLM_REPLIES, e -> e.replyId().toString()),
            type(ReplyFailed.TYPE, ReplyFailed.class, Topics.LLM_REPLIES, e -> e.replyId().toString()),
            type(ChatTitleGenerated.TYPE, ChatTitleGenerated.class, Topics.LLM_REPLIES, e -> e.replyId().toString()),
            type(AdmissionChanged.TYPE, AdmissionChanged.class, Topics.LLM_USAGE, AdmissionChanged::ownerId),
            type(UserDisabled.TYPE, UserDisabled.class, Topics.AUTH_USERS, UserDisabled::userId),
            type(UserEnabled.TYPE, UserEnabled.class, Topics.AUTH_USERS, UserEnabled::userId),
            type(InstructionsChanged.TYPE, InstructionsChanged.class, Topics.AUTH_USERS, InstructionsChanged::userId),
            type(AttachmentUploaded.TYPE, AttachmentUploaded.class, Topics.ATTACHMENT_ATTACHMENTS,
                    e -> e.attachmentId().toString()),
            type(AttachmentDeleted.TYPE, AttachmentDeleted.class, Topics.ATTACHMENT_ATTACHMENTS,
                    e -> e.attachmentId().toString()),
            type(AttachmentProcessing.TYPE, AttachmentProcessing.class, Topics.EMBEDDING_ATTACHMENTS,
                    e -> e.attachmentId().toString()),
            type(AttachmentProcessed.TYPE, AttachmentProcessed.class, Topics.EMBEDDING_ATTACHMENTS,
                    e -> e.attachmentId().toString()),
            type(AttachmentFailed.TYPE, AttachmentFailed.class, Topics.EMBEDDING_ATTACHMENTS,
                    e -> e.attachmentId().toString()));

    private static final Map<String, Type<?>> BY_NAME = index(t -> t.name());
    private static final Map<Class<?>, Type<?>> BY_CLASS = index(t -> t.type());

    private EventTypes() {
    }

    private static <E extends IntegrationEvent> Type<E> type(String name, Class<E> type, String topic,
            Function<E, String> key) {
        return new Type<>(name, type, topic, key);
    }

    private static <K> Map<K, Type<?>> index(Function<Type<?>, K> by) {
        Map<K, Type<?>> index = new LinkedHashMap<>();
        for (Type<?> t : ALL) {
            if (index.put(by.apply(t), t) != null) {
                throw new IllegalStateException("Two event types share " + by.apply(t));
            }
        }
        return Map.copyOf(index);
    }

    /** Every event type. */
    public static List<Type<?>> all() {
        return ALL;
    }

    /** The type with this {@code event-type} header value, if it is one this version knows. */
    public static Optional<Type<?>> byName(String name) {
        return Optional.ofNullable(name).map(BY_NAME::get);
    }

    /** The type of this record class. */
    public static Type<?> of(Class<? extends IntegrationEvent> type) {
        Type<?> found = BY_CLASS.get(type);
        if (found == null) {
            throw new IllegalArgumentException(type.getName() + " is not registered in EventTypes");
        }
        return found;
    }

    /** Header value → record class, for a consumer's type mapper. */
    public static Map<String, Class<?>> classesByName() {
        Map<String, Class<?>> classes = new LinkedHashMap<>();
        ALL.forEach(t -> classes.put(t.name(), t.type()));
        return classes;
    }

    public static String nameOf(IntegrationEvent event) {
        return of(event.getClass()).name();
    }

    public static String topicOf(IntegrationEvent event) {
        return of(event.getClass()).topic();
    }

    public static String keyOf(IntegrationEvent event) {
        return of(event.getClass()).keyOf(event);
    }
}
