package com.t3chat.chat.message;

import java.util.List;
import java.util.UUID;

/**
 * A page of the chat's active branch ({@code GET …/messages}).
 *
 * @param messages      newest first, each with its versions ({@code versionIndex}, {@code versionCount},
 *                      {@code siblingIds})
 * @param currentLeafId the leaf of the active branch (null for an empty chat)
 * @param nextCursor    where the older messages continue, or null when the page reaches the first message
 */
record MessagePage(List<MessageResponse> messages, UUID currentLeafId, String nextCursor) {
}
