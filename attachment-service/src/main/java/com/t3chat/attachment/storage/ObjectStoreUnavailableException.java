package com.t3chat.attachment.storage;

import com.t3chat.platform.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The object store refused or could not be reached: a request that needed it answers 503 and can be retried. */
public class ObjectStoreUnavailableException extends ErrorResponseException {

    ObjectStoreUnavailableException(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.of("object-store-unavailable"),
                "The file store is unavailable right now. Try again in a few seconds."), cause);
    }

    @Override
    public String getMessage() {
        return "object store call failed: " + (getCause() == null ? "" : getCause().toString());
    }
}
