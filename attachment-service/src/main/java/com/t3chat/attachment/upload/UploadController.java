package com.t3chat.attachment.upload;

import com.t3chat.attachment.attachment.AttachmentResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "attachments")
class UploadController {

    private static final String PROBLEM = "application/problem+json";

    private final UploadService uploads;

    UploadController(UploadService uploads) {
        this.uploads = uploads;
    }

    @PostMapping(path = "/api/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Uploads a file",
            description = "Streamed to the store, never held in memory. The type is detected from the content "
                    + "(never the header or the name); the name is kept only as sanitised metadata. The file is "
                    + "then processed by embedding-worker: follow its status with GET /api/attachments/{id}.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadFormSchema.class)))
    @ApiResponse(responseCode = "201", description = "stored; status uploaded")
    @ApiResponse(responseCode = "400", description = "validation (no file part, an empty file, a bad chatId) or "
            + "malformed-multipart (not valid multipart, a part without a name, too many parts)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "quota-exceeded: usedBytes, quotaBytes, usedFiles, quotaFiles",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "file-too-large: limitBytes (refused as soon as the file "
            + "passes the limit, or at once from Content-Length)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "unsupported-media-type: detected (what the content is)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "object-store-unavailable or database-unavailable",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<AttachmentResponse>> upload(@AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the chat the file is dropped into (or send it as a form field)")
            @RequestParam(required = false) String chatId,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.CONTENT_LENGTH, required = false)
            Long contentLength,
            @RequestBody Flux<PartEvent> parts) {
        return uploads.upload(jwt.getSubject(), contentLength, chatId, parts)
                .map(attachment -> ResponseEntity.created(URI.create("/api/attachments/" + attachment.id()))
                        .body(AttachmentResponse.from(attachment)));
    }

    /** The form as the API description shows it (the handler reads the parts as they stream in). */
    record UploadFormSchema(
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
            @Schema(format = "uuid", description = "the chat the file is dropped into") String chatId) {
    }
}
