package com.t3chat.chat.message;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/chats/{chatId}")
class MessageController {

    private static final String IDEMPOTENCY_KEY = "A fresh value per send (e.g. a UUID), the same when the client "
            + "retries that send: a repeat within 24 h answers the first request's 202 body and stores nothing new; "
            + "the same key with a different request answers 422 idempotency-key-reused. 1-100 printable ASCII "
            + "characters without spaces (else 400).";

    private static final String PROBLEM_JSON = "application/problem+json";

    private final MessageService messages;
    private final ReplyEventStreams replyStreams;

    MessageController(MessageService messages, ReplyEventStreams replyStreams) {
        this.messages = messages;
        this.replyStreams = replyStreams;
    }

    @Operation(summary = "A page of the active branch, newest first", description = "From the leaf (or the cursor) "
            + "upward: limit messages, or down to `until` when that is further (at most 2,000). Each message says "
            + "which of its parent's versions it is (versionIndex, versionCount, siblingIds when there are several). "
            + "The cost does not grow with the chat.", responses = {
            @ApiResponse(responseCode = "200", description = "The page; nextCursor is null at the first message"),
            @ApiResponse(responseCode = "400", description = "invalid-cursor, or validation (limit 1-200)",
                    content = @Content(mediaType = PROBLEM_JSON,
                            schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "404", description = "not-found: the chat, or `until` is not on the branch",
                    content = @Content(mediaType = PROBLEM_JSON,
                            schema = @Schema(implementation = ProblemDetail.class)))})
    @GetMapping("/messages")
    Mono<MessagePage> page(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @RequestParam(defaultValue = "40") @Min(1) @Max(200) int limit,
            @Parameter(description = "nextCursor of the previous page (opaque)") @RequestParam(required = false)
            String cursor,
            @Parameter(description = "a message on the branch the page must reach (e.g. a search hit)")
            @RequestParam(required = false) UUID until) {
        return messages.page(jwt.getSubject(), chatId, limit, cursor, until);
    }

    @Operation(summary = "Every message of the chat (the whole tree) and the active leaf", description = "O(n) in "
            + "the chat's messages: for tools and tests; the app reads pages of the branch.")
    @GetMapping(path = "/messages", params = "view=tree")
    Mono<MessageTree> tree(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @Parameter(description = "tree") @RequestParam String view) {
        return messages.tree(jwt.getSubject(), chatId);
    }

    @Operation(summary = "Posts a user message (optionally with files) and asks for its reply", responses = {
            @ApiResponse(responseCode = "202", description = "The stored user message (with its files) and the "
                    + "pending reply to stream"),
            @ApiResponse(responseCode = "400", description = "validation: a field is invalid (attachmentIds: more "
                    + "than 10, or one id twice)", content = @Content(mediaType = PROBLEM_JSON,
                            schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "404", description = "not-found: the chat, or an attachment that is not the "
                    + "caller's or does not exist (extension attachmentId)", content = @Content(
                            mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "409", description = "attachment-failed: an attachment failed processing "
                    + "(extensions attachmentId, failureCode)", content = @Content(mediaType = PROBLEM_JSON,
                            schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "422", description = "idempotency-key-reused", content = @Content(
                    mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "429", description = "limit-exceeded, with Retry-After", content = @Content(
                    mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "503", description = "service-unavailable: attachment-service could not "
                    + "confirm the attachments (extension service, Retry-After); nothing was stored",
                    content = @Content(mediaType = PROBLEM_JSON,
                            schema = @Schema(implementation = ProblemDetail.class)))})
    @PostMapping("/messages")
    Mono<ResponseEntity<PostedMessages>> post(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @Valid @RequestBody PostMessageRequest request,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = Idempotency.HEADER, required = false)
            String idempotencyKey) {
        return messages.post(caller(jwt), chatId, request, idempotencyKey)
                .map(posted -> ResponseEntity.status(HttpStatus.ACCEPTED).body(posted.body()));
    }

    @Operation(summary = "Posts a user message and answers with its reply as it is written", description = "With "
            + "Accept: text/event-stream: first `event: posted` (no id) with {userMessage, assistantMessage}, then "
            + "exactly what GET …/messages/{id}/stream sends for the reply (ids = its sequence numbers). A refusal "
            + "before anything is stored is problem+json with its status, as for the 202 answer. A repeat under the "
            + "same Idempotency-Key streams the first request's reply.")
    @PostMapping(path = "/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> postAndStream(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @Valid @RequestBody PostMessageRequest request,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = Idempotency.HEADER, required = false)
            String idempotencyKey) {
        return messages.post(caller(jwt), chatId, request, idempotencyKey).flatMapMany(this::streamed);
    }

    @PostMapping("/messages/{messageId}/regenerate")
    Mono<ResponseEntity<MessageResponse>> regenerate(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @PathVariable UUID messageId, @Valid @RequestBody(required = false) RegenerateRequest request,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = Idempotency.HEADER, required = false)
            String idempotencyKey) {
        return messages.regenerate(caller(jwt), chatId, messageId, orNone(request), idempotencyKey)
                .map(reply -> ResponseEntity.status(HttpStatus.ACCEPTED).body(reply.body()));
    }

    @Operation(summary = "Asks for another reply and answers with it as it is written", description = "With "
            + "Accept: text/event-stream: first `event: posted` with {assistantMessage}, then what GET …/stream "
            + "sends for it; refusals stay problem+json.")
    @PostMapping(path = "/messages/{messageId}/regenerate", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> regenerateAndStream(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @PathVariable UUID messageId, @Valid @RequestBody(required = false) RegenerateRequest request,
            @Parameter(description = IDEMPOTENCY_KEY) @RequestHeader(name = Idempotency.HEADER, required = false)
            String idempotencyKey) {
        return messages.regenerate(caller(jwt), chatId, messageId, orNone(request), idempotencyKey)
                .map(reply -> new MessageService.Requested<Object>(new Regenerated(reply.body()), reply.reply()))
                .flatMapMany(this::streamed);
    }

    /** The {@code posted} event of a regenerate answered as a stream. */
    record Regenerated(MessageResponse assistantMessage) {
    }

    /**
     * {@code posted} with what was stored, then the reply's events. Called once the request committed: this replica
     * is told to expect the reply first, so that none of its early events is missed.
     */
    private Flux<ServerSentEvent<Object>> streamed(MessageService.Requested<?> requested) {
        replyStreams.expect(requested.reply().id());
        return replyStreams.events(requested.reply(), 0)
                .startWith(ServerSentEvent.builder().event(POSTED).data(requested.body()).build());
    }

    private static final String POSTED = "posted";

    private static MessageService.Caller caller(Jwt jwt) {
        return new MessageService.Caller(jwt.getSubject(), jwt.getTokenValue());
    }

    private static RegenerateRequest orNone(RegenerateRequest request) {
        return request == null ? new RegenerateRequest(null) : request;
    }

    @Operation(summary = "Switches the active branch", responses = {
            @ApiResponse(responseCode = "204", description = "messageId is the leaf"),
            @ApiResponse(responseCode = "200", description = "with descend: the new leaf, the newest descendant of "
                    + "messageId (the newest child at each step)"),
            @ApiResponse(responseCode = "404", description = "not-found: the chat or the message",
                    content = @Content(mediaType = PROBLEM_JSON,
                            schema = @Schema(implementation = ProblemDetail.class)))})
    @PutMapping("/leaf")
    Mono<ResponseEntity<Leaf>> moveLeaf(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @Valid @RequestBody LeafRequest request) {
        return messages.moveLeaf(jwt.getSubject(), chatId, request.messageId(), request.descending())
                .map(leaf -> request.descending() ? ResponseEntity.ok(new Leaf(leaf))
                        : ResponseEntity.noContent().<Leaf>build());
    }

    record Leaf(UUID currentLeafId) {
    }

    @PostMapping("/branch")
    Mono<ResponseEntity<BranchedChat>> branch(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @Valid @RequestBody MessageIdRequest request) {
        return messages.branch(jwt.getSubject(), chatId, request.messageId())
                .map(chat -> ResponseEntity.created(URI.create("/api/chats/" + chat.id()))
                        .body(new BranchedChat(chat.id(), chat.title(), chat.currentLeafId())));
    }

    record BranchedChat(UUID id, String title, UUID currentLeafId) {
    }

    @PostMapping("/messages/{messageId}/stop")
    Mono<ResponseEntity<Void>> stop(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @PathVariable UUID messageId) {
        return messages.stop(jwt.getSubject(), chatId, messageId).thenReturn(ResponseEntity.accepted().build());
    }
}
