package com.t3chat.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

class ProblemTypesTest {

    @Test
    void theDefaultTypeOfAStatusIsItsReasonInKebabCase() {
        assertThat(ProblemTypes.forStatus(HttpStatus.NOT_FOUND)).hasToString("urn:t3chat:problem:not-found");
        assertThat(ProblemTypes.forStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE))
                .hasToString("urn:t3chat:problem:unsupported-media-type");
        assertThat(ProblemTypes.forStatus(HttpStatus.INTERNAL_SERVER_ERROR)).isEqualTo(ProblemTypes.INTERNAL);
        assertThat(ProblemTypes.forStatus(HttpStatusCode.valueOf(599))).hasToString("urn:t3chat:problem:http-599");
    }

    @Test
    void aProblemCarriesItsStatusTitleAndDetail() {
        var problem = ProblemTypes.problem(HttpStatus.CONFLICT, "Already taken.");

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Conflict");
        assertThat(problem.getDetail()).isEqualTo("Already taken.");
        assertThat(problem.getType()).hasToString("urn:t3chat:problem:conflict");
    }
}
