package com.t3chat.contracts.chat;

import com.t3chat.contracts.IntegrationEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A reply was requested: a user posted a message, edited one or asked to regenerate. Topic
 * {@link com.t3chat.contracts.Topics#CHAT_MESSAGES}, key = chat id.
 *
 * @param replyId  the pending assistant message that the reply fills
 * @param parentId the user message it answers
 * @param model    the model to answer with (a catalogue id such as {@code offline/demo})
 * @param history  null for chats whose conversation travels as events: the branch ends at {@code parentId} and
 *                 llm-service builds it from {@link MessagePosted}, {@link ChatBranched} and its own replies (the
 *                 request's size does not grow with the chat). Non-null only for chats created before that: the
 *                 branch path up to and including the parent, oldest first (a system prompt first if any);
 *                 llm-service trims either to the model's context window
 * @param fallbackModel the chat's fallback model (answers if {@code model} fails before its first token), or null
 *                 for the operator's
 */
public record ReplyRequested(UUID eventId, Instant occurredAt, UUID chatId, String ownerId, UUID replyId,
        UUID parentId, String model, List<PromptMessage> history, String fallbackModel) implements IntegrationEvent {

    public ReplyRequested(UUID eventId, Instant occurredAt, UUID chatId, String ownerId, UUID replyId,
            UUID parentId, String model, List<PromptMessage> history) {
        this(eventId, occurredAt, chatId, ownerId, replyId, parentId, model, history, null);
    }

    public static final String TYPE = "ReplyRequested";
}
