package com.t3chat.llm.usage;

import com.t3chat.llm.chat.KnownChats;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The caller's usage. For now it reports how many of the caller's chats llm-service knows of (learned from
 * chat-service's events); token counts and budgets come with the usage ledger.
 */
@RestController
class UsageController {

    private final KnownChats knownChats;

    UsageController(KnownChats knownChats) {
        this.knownChats = knownChats;
    }

    @GetMapping("/api/usage")
    Mono<UsageResponse> usage(@AuthenticationPrincipal Jwt jwt) {
        return knownChats.countOwnedBy(jwt.getSubject()).map(chats -> new UsageResponse(jwt.getSubject(), chats));
    }

    record UsageResponse(String subject, long chats) {
    }
}
