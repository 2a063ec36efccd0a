package com.t3chat.chat.search;

import java.util.List;
import java.util.UUID;

/**
 * A message or chat title matching the words. The snippet comes as segments (matching words flagged) rather than
 * markup, so that a client never has to render user text as HTML.
 *
 * @param messageId null when the hit is the chat's title
 */
record SearchHit(UUID chatId, String chatTitle, UUID messageId, String role, List<Segment> snippet) {

    record Segment(String text, boolean match) {
    }
}
