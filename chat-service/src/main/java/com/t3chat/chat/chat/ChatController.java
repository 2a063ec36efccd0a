package com.t3chat.chat.chat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/chats")
class ChatController {

    private final ChatService chats;

    ChatController(ChatService chats) {
        this.chats = chats;
    }

    @PostMapping
    Mono<ResponseEntity<ChatResponse>> create(@AuthenticationPrincipal Jwt jwt,
            @Valid @RequestBody(required = false) CreateChatRequest request) {
        var body = request == null ? new CreateChatRequest(null, null) : request;
        return chats.create(jwt.getSubject(), body)
                .map(chat -> ResponseEntity.created(URI.create("/api/chats/" + chat.id()))
                        .body(ChatResponse.from(chat)));
    }

    @GetMapping
    Mono<ChatPage> list(@AuthenticationPrincipal Jwt jwt,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Boolean pinned,
            @RequestParam(required = false) Boolean archived) {
        return chats.page(jwt.getSubject(), new ChatFilter(pinned, archived), cursor, limit);
    }

    @PatchMapping("/{id}")
    Mono<ChatResponse> update(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
            @Valid @RequestBody UpdateChatRequest change) {
        return chats.update(jwt.getSubject(), id, change).map(ChatResponse::from);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return chats.delete(jwt.getSubject(), id).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/{id}")
    Mono<ChatResponse> get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return chats.get(jwt.getSubject(), id).map(ChatResponse::from);
    }
}
