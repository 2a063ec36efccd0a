package com.t3chat.platform.problem;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An error a handler throws on purpose; rendered as problem+json by {@link ProblemExceptionHandler}. */
public class ApiProblem extends ErrorResponseException {

    public ApiProblem(HttpStatus status, URI type, String detail) {
        super(status, ProblemTypes.problem(status, type, detail), null);
    }

    /** 404 with the default type: also what another user's object answers. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.forStatus(HttpStatus.NOT_FOUND), detail);
    }

    /**
     * 429 with a {@code Retry-After} header (whole seconds, at least 1) and a {@code retryAt} property: every "too
     * many" answer tells the client when to come back.
     */
    public static ApiProblem tooManyRequests(URI type, String detail, Instant retryAt) {
        var problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, type, detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAt, Instant.now())));
        problem.getBody().setProperty("retryAt", retryAt.toString());
        return problem;
    }

    /** The {@code Retry-After} seconds for a moment: rounded up, never below 1. */
    public static long retryAfterSeconds(Instant retryAt, Instant now) {
        Duration wait = Duration.between(now, retryAt);
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** 400 validation problem for one field, shaped like the framework's own validation errors. */
    public static ApiProblem invalidField(String field, String message) {
        var problem = new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "The request has invalid fields.");
        problem.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }
}
