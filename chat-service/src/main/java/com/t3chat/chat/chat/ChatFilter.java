package com.t3chat.chat.chat;

/** Which chats a list shows; a null field does not filter. */
record ChatFilter(Boolean pinned, Boolean archived) {
}
