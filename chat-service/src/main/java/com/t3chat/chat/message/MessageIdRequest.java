package com.t3chat.chat.message;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** A reference to a message of the chat: the new leaf, or where a branch ends. */
record MessageIdRequest(@NotNull UUID messageId) {
}
