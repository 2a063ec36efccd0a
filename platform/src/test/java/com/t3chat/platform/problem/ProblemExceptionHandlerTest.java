package com.t3chat.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
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
    void theResponseIsProblemJsonWithTheRequestPathAsInstance() {
        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND)).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"urn:t3chat:problem:not-found\"")
                .contains("\"instance\":\"/api/things/1\"");
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
