package com.t3chat.chat.message;

/** What {@code POST …/messages} answers: the stored user message and the pending reply to stream. */
record PostedMessages(MessageResponse userMessage, MessageResponse assistantMessage) {
}
