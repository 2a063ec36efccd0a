package com.t3chat.chat.chat;

import java.util.List;

/** @param nextCursor pass as {@code cursor} for the next page; null on the last page */
record ChatPage(List<ChatResponse> items, String nextCursor) {
}
