package com.t3chat.chat.attachment;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Asks attachment-service about one attachment ({@code GET /api/attachments/{id}}) with the caller's own token, inside
 * the caller's request: attachment-service answers only for the caller's own files (another user's is a 404 there,
 * as a missing one). An attachment that failed processing is refused here ({@code 409 attachment-failed}); no answer
 * within the timeout, or any answer that is neither the attachment nor a 404, is a {@code 503} naming
 * attachment-service — the message is not stored, and the client may send it again.
 */
@Component
class AttachmentClient {

    static final URI ATTACHMENT_FAILED = ProblemTypes.of("attachment-failed");
    static final String SERVICE = "attachment-service";
    static final String FAILED = "failed";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger log = LoggerFactory.getLogger(AttachmentClient.class);

    private final WebClient attachments;

    AttachmentClient(@Value("${t3chat.services.attachment:http://localhost:8084}") String attachmentServiceUrl) {
        this.attachments = WebClient.create(attachmentServiceUrl);
    }

    /** The caller's attachment as a message refers to it; fails with a 404, 409 or 503 problem. */
    Mono<MessageAttachment> lookUp(String bearerToken, UUID id) {
        return attachments.get()
                .uri("/api/attachments/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .exchangeToMono(response -> read(id, response))
                .timeout(TIMEOUT)
                .onErrorMap(e -> !(e instanceof ApiProblem), e -> unavailable(id, e));
    }

    private static Mono<MessageAttachment> read(UUID id, ClientResponse response) {
        int status = response.statusCode().value();
        if (status == HttpStatus.NOT_FOUND.value()) {
            return response.releaseBody().then(Mono.error(() -> notFound(id)));
        }
        if (status != HttpStatus.OK.value()) {
            return response.releaseBody()
                    .then(Mono.error(() -> new IllegalStateException("attachment-service answered " + status)));
        }
        return response.bodyToMono(Representation.class)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("attachment-service answered no body")))
                .flatMap(attachment -> FAILED.equals(attachment.status()) ? Mono.error(failed(id, attachment))
                        : Mono.just(attachment.toReference(id)));
    }

    private static ApiProblem notFound(UUID id) {
        ApiProblem problem = ApiProblem.notFound("There is no attachment " + id + ".");
        problem.getBody().setProperty("attachmentId", id.toString());
        return problem;
    }

    private static ApiProblem failed(UUID id, Representation attachment) {
        String why = attachment.failureReason() == null || attachment.failureReason().isBlank() ? ""
                : " (" + attachment.failureReason() + ")";
        ApiProblem problem = new ApiProblem(HttpStatus.CONFLICT, ATTACHMENT_FAILED, "The file " + attachment.name()
                + " could not be processed" + why + ". Remove it from the message and send it again.");
        problem.getBody().setProperty("attachmentId", id.toString());
        if (attachment.failureCode() != null) {
            problem.getBody().setProperty("failureCode", attachment.failureCode());
        }
        return problem;
    }

    private static ApiProblem unavailable(UUID id, Throwable cause) {
        log.warn("attachment {} could not be checked with {}: {}", id, SERVICE, cause.toString());
        ApiProblem problem = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                SERVICE + " could not confirm the attached files right now. Try again shortly.");
        problem.getBody().setProperty("service", SERVICE);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return problem;
    }

    /** What this service reads of attachment-service's representation of an attachment (the rest is ignored). */
    record Representation(String name, Long size, String mediaType, String status, String failureCode,
            String failureReason) {

        MessageAttachment toReference(UUID id) {
            if (name == null || mediaType == null || size == null) {
                throw new IllegalStateException("attachment-service's answer lacks name, mediaType or size");
            }
            return new MessageAttachment(id, name, mediaType, size, false);
        }
    }
}
