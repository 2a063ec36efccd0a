package com.t3chat.chat.share;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import com.t3chat.platform.security.ClientAddressResolver;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class ShareController {

    private final ShareService shares;
    private final ShareProperties properties;
    private final ShareLookupLimit lookupLimit;
    private final ClientAddressResolver clientAddresses;

    ShareController(ShareService shares, ShareProperties properties, ShareLookupLimit lookupLimit,
            ClientAddressResolver clientAddresses) {
        this.shares = shares;
        this.properties = properties;
        this.lookupLimit = lookupLimit;
        this.clientAddresses = clientAddresses;
    }

    @PostMapping("/api/chats/{chatId}/shares")
    Mono<ResponseEntity<ShareResponse>> create(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @RequestBody(required = false) CreateShareRequest request) {
        UUID messageId = request == null ? null : request.messageId();
        return shares.create(jwt.getSubject(), chatId, messageId)
                .map(share -> ResponseEntity.created(URI.create("/api/shares/" + share.token()))
                        .body(response(share)));
    }

    @GetMapping("/api/chats/{chatId}/shares")
    Mono<List<ShareResponse>> list(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId) {
        return shares.list(jwt.getSubject(), chatId).map(this::response).collectList();
    }

    @DeleteMapping("/api/shares/{token}")
    Mono<ResponseEntity<Void>> revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable String token) {
        return shares.revoke(jwt.getSubject(), token).thenReturn(ResponseEntity.noContent().build());
    }

    /**
     * No login: whoever has the link sees the messages, and nothing about who shared them. Limited per client
     * address, so that tokens cannot be guessed at speed.
     */
    @GetMapping("/api/shares/{token}")
    Mono<SharedChat> open(@PathVariable String token, ServerHttpRequest http) {
        var retryAt = lookupLimit.tryAcquire(clientAddresses.resolve(http));
        if (retryAt.isPresent()) {
            return Mono.error(ApiProblem.tooManyRequests(ProblemTypes.RATE_LIMITED,
                    "Too many share lookups from this address; try again after " + retryAt.get() + ".",
                    retryAt.get()));
        }
        return shares.open(token).map(share -> new SharedChat(share.title(), share.snapshot(), share.createdAt()));
    }

    private ShareResponse response(Share share) {
        return new ShareResponse(share.token(), properties.linkTo(share.token()), share.messageId(),
                share.createdAt());
    }

    record CreateShareRequest(UUID messageId) {
    }

    record ShareResponse(String token, String url, UUID messageId, Instant createdAt) {
    }

    record SharedChat(String title, List<SharedMessage> messages, Instant sharedAt) {
    }
}
