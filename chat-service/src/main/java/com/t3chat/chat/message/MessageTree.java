package com.t3chat.chat.message;

import java.util.List;
import java.util.UUID;

/** Every message of a chat (each with its parent) and the leaf of the active branch. */
record MessageTree(List<MessageResponse> messages, UUID currentLeafId) {
}
