package com.t3chat.llm.generation;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * What a user reads when a model fails. Provider messages are not passed on: they can be long, technical, or
 * echo parts of the request; the log has them.
 */
final class ProviderErrors {

    private ProviderErrors() {
    }

    static String reason(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            String reason = switch (e) {
                case AuthenticationException x -> "The provider rejected the API key.";
                case RateLimitException x -> "Rate limited by the provider; please try again in a moment.";
                case ModelNotFoundException x -> "The provider does not know this model.";
                case ContentFilteredException x -> FILTERED;
                case InvalidRequestException x -> "The provider rejected the request (it may be too long).";
                case InternalServerException x -> "The provider had an internal error; please try again.";
                case TimeoutException x -> "The provider did not answer in time; please try again.";
                case HttpTimeoutException x -> "The provider did not answer in time; please try again.";
                case ConnectException x -> "The provider could not be reached; please try again later.";
                case HttpException x -> byStatus(x.statusCode());
                default -> null;
            };
            if (reason != null) {
                return reason;
            }
        }
        return FAILED;
    }

    static final String FAILED = "The model failed while writing this reply; please try again.";
    static final String BROKE_OFF = "The provider's answer broke off; please try again.";
    static final String FILTERED = "The provider's content filter blocked this reply.";

    private static String byStatus(int status) {
        return switch (status) {
            case 401, 403 -> "The provider rejected the API key.";
            case 404 -> "The provider does not know this model.";
            case 429 -> "Rate limited by the provider; please try again in a moment.";
            case 400, 413, 422 -> "The provider rejected the request (it may be too long).";
            default -> status >= 500 ? "The provider had an internal error; please try again." : null;
        };
    }
}
