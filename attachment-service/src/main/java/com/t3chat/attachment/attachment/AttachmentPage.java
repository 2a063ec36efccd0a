package com.t3chat.attachment.attachment;

import java.util.List;

/** @param nextCursor pass as {@code cursor} for the next page; null on the last page */
record AttachmentPage(List<AttachmentResponse> items, String nextCursor) {
}
