package com.t3chat.chat.message;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * The new leaf of the chat's active branch ({@code PUT …/leaf}).
 *
 * @param descend true: the leaf becomes the newest descendant of {@code messageId} (the newest child at each step),
 *                as when a reader switches to another version of a message; absent or false: {@code messageId}
 */
record LeafRequest(@NotNull UUID messageId, Boolean descend) {

    boolean descending() {
        return Boolean.TRUE.equals(descend);
    }
}
