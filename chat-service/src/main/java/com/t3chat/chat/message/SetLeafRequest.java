package com.t3chat.chat.message;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

record SetLeafRequest(@NotNull UUID messageId) {
}
