package com.t3chat.attachment.attachment;

import com.t3chat.attachment.mediatype.MediaTypeDetector;
import com.t3chat.attachment.storage.ObjectStore;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A file's bytes and its preview, streamed from the store. Nothing is ever served as active content: images are
 * shown inline as the image types they were detected as, text of every kind (Markdown, code, JSON…) is
 * {@code text/plain; charset=utf-8}, everything else is a download; always with {@code nosniff} and
 * {@code Content-Security-Policy: sandbox}, and the sanitised name in an RFC 6266 {@code Content-Disposition}.
 */
@RestController
@RequestMapping("/api/attachments/{id}")
@Tag(name = "attachments")
class ContentController {

    private static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    static final String SANDBOX = "sandbox";

    private final AttachmentService attachments;
    private final ObjectStore store;
    private final MediaTypeDetector types;

    ContentController(AttachmentService attachments, ObjectStore store, MediaTypeDetector types) {
        this.attachments = attachments;
        this.store = store;
        this.types = types;
    }

    @GetMapping("/content")
    @Operation(summary = "The file's bytes", description = "Images inline, everything else as a download; text as "
            + "text/plain; charset=utf-8; always nosniff and Content-Security-Policy: sandbox.")
    @ApiResponse(responseCode = "200", description = "the bytes", content = @Content(mediaType = "*/*",
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "no such file of the caller's (not-found), or its content was "
            + "removed because the scanner found it infected (content-unavailable)",
            content = @Content(mediaType = AttachmentController.PROBLEM,
                    schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Flux<DataBuffer>>> content(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return attachments.get(jwt.getSubject(), id).flatMap(a -> {
            if (a.contentRemoved()) {
                return Mono.error(contentUnavailable("The file was removed: " + reasonOf(a)));
            }
            return store.stat(a.objectKey())
                    .switchIfEmpty(Mono.error(() -> contentUnavailable("The file's content is missing.")))
                    .map(stored -> {
                        boolean image = INLINE_IMAGES.contains(a.mediaType());
                        MediaType served = image ? MediaType.parseMediaType(a.mediaType())
                                : types.isText(a.mediaType()) ? TEXT : MediaType.parseMediaType(a.mediaType());
                        ContentDisposition disposition = (image ? ContentDisposition.inline()
                                : ContentDisposition.attachment()).filename(a.name(), StandardCharsets.UTF_8).build();
                        return ResponseEntity.ok()
                                .headers(headers -> passive(headers, served, stored.size(), disposition))
                                .body(store.read(a.objectKey()));
                    });
        });
    }

    @GetMapping("/preview")
    @Operation(summary = "A downscaled image of the file (images, a PDF's first page)",
            description = "Made by embedding-worker; 404 preview-unavailable until there is one (or if the file has "
                    + "none).")
    @ApiResponse(responseCode = "200", description = "a PNG or JPEG", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "404", description = "no such file of the caller's (not-found), or no preview "
            + "(preview-unavailable)", content = @Content(mediaType = AttachmentController.PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Flux<DataBuffer>>> preview(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return attachments.get(jwt.getSubject(), id).flatMap(a -> {
            if (a.previewKey() == null) {
                return Mono.error(previewUnavailable());
            }
            return store.stat(a.previewKey())
                    .switchIfEmpty(Mono.error(ContentController::previewUnavailable))
                    .map(stored -> ResponseEntity.ok()
                            .headers(headers -> passive(headers, previewType(a.previewKey()), stored.size(),
                                    ContentDisposition.inline().build()))
                            .body(store.read(a.previewKey())));
        });
    }

    private static void passive(HttpHeaders headers, MediaType type, long size, ContentDisposition disposition) {
        headers.setContentType(type);
        headers.setContentLength(size);
        headers.setContentDisposition(disposition);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", SANDBOX);
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.setCacheControl(CacheControl.noStore().cachePrivate());
    }

    private static MediaType previewType(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return MediaType.IMAGE_JPEG;
        }
        return MediaType.IMAGE_PNG;
    }

    private static String reasonOf(Attachment a) {
        return a.failureReason() == null ? "the virus scanner found it infected." : a.failureReason();
    }

    private static ApiProblem contentUnavailable(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.of("content-unavailable"), detail);
    }

    private static ApiProblem previewUnavailable() {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.of("preview-unavailable"),
                "This file has no preview (yet).");
    }
}
