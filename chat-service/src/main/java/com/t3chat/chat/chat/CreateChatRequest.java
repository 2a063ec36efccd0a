package com.t3chat.chat.chat;

import jakarta.validation.constraints.Size;

record CreateChatRequest(@Size(max = 200) String title, @Size(max = 200) String model) {
}
