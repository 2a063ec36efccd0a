package com.t3chat.chat.share;

import java.time.Instant;

/** One message as a share shows it: no ids, no owner. */
record SharedMessage(String role, String content, String model, Instant createdAt) {
}
