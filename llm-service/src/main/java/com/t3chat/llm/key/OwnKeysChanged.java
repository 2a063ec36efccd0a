package com.t3chat.llm.key;

/**
 * A user saved or deleted a key of their own (an application event, published after the change is stored): what
 * depends on which providers a user has their own key for — the admission chat-service is told of — refreshes.
 */
public record OwnKeysChanged(String ownerId) {
}
