package com.t3chat.attachment.attachment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's files: list, one file, usage, delete. Another person's file answers 404. */
@RestController
@RequestMapping("/api/attachments")
@Tag(name = "attachments")
class AttachmentController {

    static final String PROBLEM = "application/problem+json";

    private final AttachmentService attachments;

    AttachmentController(AttachmentService attachments) {
        this.attachments = attachments;
    }

    @GetMapping
    @Operation(summary = "The caller's files, newest first",
            description = "Pass nextCursor as cursor for the next page; chatId keeps only the files of one chat.")
    @ApiResponse(responseCode = "200", description = "a page of files")
    @ApiResponse(responseCode = "400", description = "a bad chatId, cursor or limit",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<AttachmentPage> list(@AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "only the files of this chat") @RequestParam(required = false) String chatId,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return attachments.page(jwt.getSubject(), ChatIds.parse(chatId), cursor, limit);
    }

    @GetMapping("/usage")
    @Operation(summary = "Bytes and files the caller stores, and the quota")
    @ApiResponse(responseCode = "200", description = "the caller's usage")
    Mono<UsageResponse> usage(@AuthenticationPrincipal Jwt jwt) {
        return attachments.usage(jwt.getSubject());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One file: its status, pages, chunks or why it failed")
    @ApiResponse(responseCode = "200", description = "the file")
    @ApiResponse(responseCode = "404", description = "no such file of the caller's",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<AttachmentResponse> get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return attachments.get(jwt.getSubject(), id).map(AttachmentResponse::from);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Deletes a file", description = "The row goes and AttachmentDeleted is published at once; "
            + "the original and the preview are removed from the store right after (retried until the store takes it).")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "no such file of the caller's",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return attachments.delete(jwt.getSubject(), id).thenReturn(ResponseEntity.noContent().build());
    }
}
