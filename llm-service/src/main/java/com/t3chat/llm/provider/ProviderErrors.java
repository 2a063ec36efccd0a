package com.t3chat.llm.provider;

import com.t3chat.llm.egress.PoolBusyException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * What a user reads when a model fails. Provider messages are not passed on: they can be long, technical, or
 * echo parts of the request; the log has them.
 */
public final class ProviderErrors {

    private ProviderErrors() {
    }

    /** Failures worth another try before the first token: rate limits, 5xx, timeouts, connections. */
    public static boolean retryable(Throwable error) {
        if (EgressClients.refusal(error).isPresent() || poolBusy(error)) {
            return false;
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            switch (e) {
                case RateLimitException x -> { return true; }
                case InternalServerException x -> { return true; }
                case TimeoutException x -> { return true; }
                case HttpTimeoutException x -> { return true; }
                case ConnectException x -> { return true; }
                case FirstTokenTimeout x -> { return true; }
                case HttpException x -> { return x.statusCode() == 429 || x.statusCode() >= 500; }
                case AuthenticationException x -> { return false; }
                case ContentFilteredException x -> { return false; }
                case InvalidRequestException x -> { return false; }
                case ModelNotFoundException x -> { return false; }
                case CallNotPermittedException x -> { return false; }
                case IOException x -> { return true; }
                default -> { }
            }
        }
        return false;
    }

    /**
     * Whether the failure is the provider's (5xx, timeouts, broken connections): what opens its circuit breaker.
     * A rejected key, a bad request or a rate limit says nothing about the provider's health.
     */
    public static boolean providerFault(Throwable error) {
        if (!retryable(error)) {
            return false;
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RateLimitException || (e instanceof HttpException http && http.statusCode() == 429)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the failure says nothing about the endpoint's health, so a circuit breaker must not count it at all
     * (neither failure nor success): our own connection pool was full, the breaker itself refused the call, or the
     * provider rate-limited us.
     */
    public static boolean ignoredByBreakers(Throwable error) {
        if (poolBusy(error)) {
            return true;
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof CallNotPermittedException || e instanceof RateLimitException
                    || (e instanceof HttpException http && http.statusCode() == 429)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this error (or a cause) is this service's connection pool being full ({@link PoolBusyException}). */
    public static boolean poolBusy(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof PoolBusyException) {
                return true;
            }
        }
        return false;
    }

    /**
     * For the log: the error and its innermost cause with their messages (e.g. a {@code LangChain4jException} that
     * wraps the connection's {@code NoHttpResponseException}), so that an operator sees why a call failed.
     */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error + " (cause: " + root + ")";
    }

    public static String reason(Throwable error) {
        var refused = EgressClients.refusal(error);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (poolBusy(error)) {
            return POOL_BUSY;
        }
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
                case FirstTokenTimeout x -> "The model did not start answering in time; please try again.";
                case CallNotPermittedException x -> "The provider is failing right now, so it was not asked; "
                        + "please try again in a minute.";
                case HttpException x -> byStatus(x.statusCode());
                default -> null;
            };
            if (reason != null) {
                return reason;
            }
        }
        return FAILED;
    }

    public static final String FAILED = "The model failed while writing this reply; please try again.";
    public static final String BROKE_OFF = "The provider's answer broke off; please try again.";
    public static final String POOL_BUSY =
            "Too many replies are being written right now; please try again in a moment.";
    public static final String FILTERED = "The provider's content filter blocked this reply.";

    private static String byStatus(int status) {
        return switch (status) {
            case 401, 403 -> "The provider rejected the API key.";
            case 404 -> "The provider does not know this model.";
            case 429 -> "Rate limited by the provider; please try again in a moment.";
            case 400, 413, 422 -> "The provider rejected the request (it may be too long).";
            default -> status >= 500 ? "The provider had an internal error; please try again." : null;
        };
    }

    /** The model sent nothing within the first-token timeout. */
    public static final class FirstTokenTimeout extends RuntimeException {

        public FirstTokenTimeout(java.time.Duration after) {
            super("no first token after " + after, null, false, false);
        }
    }
}
