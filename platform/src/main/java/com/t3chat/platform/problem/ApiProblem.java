package com.t3chat.platform.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;
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

    /** 400 validation problem for one field, shaped like the framework's own validation errors. */
    public static ApiProblem invalidField(String field, String message) {
        var problem = new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "The request has invalid fields.");
        problem.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }
}
