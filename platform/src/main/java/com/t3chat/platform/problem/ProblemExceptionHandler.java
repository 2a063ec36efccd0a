package com.t3chat.platform.problem;

import com.t3chat.platform.database.DatabaseFailures;
import com.t3chat.platform.text.UnacceptableTextException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every error that leaves a handler into problem+json: validation errors list their fields, framework
 * errors keep their status, an unreachable database is a 503 {@code database-unavailable} with
 * {@code Retry-After} (one log line, no stack trace), a refused downstream connection is a 503, and anything
 * unexpected is a 500 whose body says nothing about internals (the log has the stack trace).
 */
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter writer;
    private final DatabaseFailures databaseFailures;

    public ProblemExceptionHandler(ProblemWriter writer) {
        this(writer, null);
    }

    /** @param databaseFailures null in a service without a database */
    public ProblemExceptionHandler(ProblemWriter writer, DatabaseFailures databaseFailures) {
        this.writer = writer;
        this.databaseFailures = databaseFailures;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (ex instanceof ErrorResponse error && !error.getHeaders().isEmpty()) {
            // headers the error carries on purpose, e.g. Retry-After on a 429
            error.getHeaders().forEach((name, values) -> exchange.getResponse().getHeaders().put(name, values));
        }
        ProblemDetail problem = toProblem(exchange, ex);
        if (ProblemTypes.DATABASE_UNAVAILABLE.equals(problem.getType())) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                    Long.toString(databaseFailures.retryAfter().toSeconds()));
        }
        return writer.write(exchange, problem);
    }

    ProblemDetail toProblem(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof WebExchangeBindException bind) {
            return validationProblem(bind.getFieldErrors().stream()
                    .map(e -> fieldError(e.getField(), e.getDefaultMessage()))
                    .toList());
        }
        if (ex instanceof HandlerMethodValidationException validation) {
            return validationProblem(validation.getParameterValidationResults().stream()
                    .flatMap(result -> result.getResolvableErrors().stream().map(error -> fieldError(
                            error instanceof FieldError field ? field.getField()
                                    : result.getMethodParameter().getParameterName(),
                            error.getDefaultMessage())))
                    .toList());
        }
        UnacceptableTextException text = find(ex, UnacceptableTextException.class);
        if (text != null) {
            return validationProblem(List.of(fieldError(text.field(), text.getOriginalMessage())));
        }
        if (ex instanceof ServerWebInputException input) {
            return ProblemTypes.problem(HttpStatus.BAD_REQUEST,
                    input.getReason() == null ? "The request is malformed." : input.getReason());
        }
        if (ex instanceof NoResourceFoundException) {
            return ProblemTypes.problem(HttpStatus.NOT_FOUND, "There is nothing at this address.");
        }
        if (ex instanceof ErrorResponse error) {
            ProblemDetail problem = error.getBody();
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(ProblemTypes.forStatus(error.getStatusCode()));
            }
            if (error.getStatusCode().is5xxServerError()) {
                log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
            }
            return problem;
        }
        if (ex instanceof AuthenticationException) {
            return ProblemTypes.problem(HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
        }
        if (ex instanceof AccessDeniedException) {
            return ProblemTypes.problem(HttpStatus.FORBIDDEN, "You are not allowed to do this.");
        }
        if (databaseFailures != null && databaseFailures.unavailable(ex)) {
            log.warn("{} {}: the database is unavailable: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), DatabaseFailures.describe(ex));
            return ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.DATABASE_UNAVAILABLE,
                    "The database is unavailable right now. Try again in a few seconds.");
        }
        if (causedBy(ex, ConnectException.class)) {
            log.warn("{} {}: a downstream is unreachable: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), ex.toString());
            return ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                    "A service this request needs is unavailable. Try again shortly.");
        }
        log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        return ProblemTypes.problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Something went wrong on our side. It has been logged.");
    }

    private static ProblemDetail validationProblem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
                "The request has invalid fields.");
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field == null ? "" : field, "message", message == null ? "is invalid" : message);
    }

    static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        return find(ex, type) != null;
    }

    static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                return null;
            }
        }
        return null;
    }
}
