package com.t3chat.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.platform.database.DatabaseFailures;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

class ProblemExceptionHandlerTest {

    private final ProblemExceptionHandler handler =
            new ProblemExceptionHandler(new ProblemWriter(JsonMapper.builder().build()));
    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.get("/api/things/1"));

    @Test
    void anUnexpectedErrorIsA500ThatRevealsNothing() {
        var problem = handler.toProblem(exchange, new IllegalStateException("password=hunter2 at db01"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getType()).isEqualTo(ProblemTypes.INTERNAL);
        assertThat(problem.getDetail()).doesNotContain("hunter2").doesNotContain("db01");
    }

    @Test
    void aFrameworkStatusKeepsItsStatusAndGetsAStableType() {
        var problem = handler.toProblem(exchange, new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED));

        assertThat(problem.getStatus()).isEqualTo(405);
        assertThat(problem.getType()).hasToString("urn:t3chat:problem:method-not-allowed");
    }

    @Test
    void anUnreachableDownstreamIsA503() {
        var problem = handler.toProblem(exchange, new IOException("wrapped", new ConnectException("refused")));

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getType()).isEqualTo(ProblemTypes.SERVICE_UNAVAILABLE);
    }

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfter() {
        var withDatabase = new ProblemExceptionHandler(new ProblemWriter(JsonMapper.builder().build()),
                new DatabaseFailures(Duration.ofSeconds(7)));

        withDatabase.handle(exchange, new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new R2dbcNonTransientResourceException("refused", new ConnectException("Connection refused")))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"urn:t3chat:problem:database-unavailable\"");
    }

    @Test
    void aServiceWithoutADatabaseKeepsTheDownstreamProblem() {
        handler.handle(exchange, new IOException("wrapped", new ConnectException("refused"))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
    }

    @Test
    void theResponseIsProblemJsonWithTheRequestPathAsInstance() {
        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND)).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"urn:t3chat:problem:not-found\"")
                .contains("\"instance\":\"/api/things/1\"");
    }

    @Test
    void aTooManyRequestsProblemCarriesRetryAfterInWholeSeconds() {
        handler.handle(exchange, ApiProblem.tooManyRequests(ProblemTypes.RATE_LIMITED, "Slow down.",
                Instant.now().plusMillis(90_500))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(Long.parseLong(exchange.getResponse().getHeaders().getFirst("Retry-After"))).isBetween(90L, 91L);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"urn:t3chat:problem:rate-limited\"").contains("\"retryAt\"");
    }

    @Test
    void retryAfterIsRoundedUpAndNeverZero() {
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        assertThat(ApiProblem.retryAfterSeconds(now.plusMillis(1), now)).isEqualTo(1);
        assertThat(ApiProblem.retryAfterSeconds(now.plusSeconds(10), now)).isEqualTo(10);
        assertThat(ApiProblem.retryAfterSeconds(now.plusMillis(10_001), now)).isEqualTo(11);
        assertThat(ApiProblem.retryAfterSeconds(now.minusSeconds(5), now)).isEqualTo(1);
    }

    @Test
    void aProblemsHeadersGoOnTheResponseSuchAsRetryAfterOnA429() {
        var problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.of("limit-exceeded"), "Slow down.");
        problem.getHeaders().set("Retry-After", "42");

        handler.handle(exchange, problem).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("42");
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
    }
}
