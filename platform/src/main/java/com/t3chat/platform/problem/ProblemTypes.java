package com.t3chat.platform.problem;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Stable problem {@code type} URIs. Clients branch on the type, never on the human-readable detail. A status
 * without a more specific type gets {@code urn:t3chat:problem:<status name>}, e.g.
 * {@code urn:t3chat:problem:not-found}.
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:t3chat:problem:";

    public static final URI VALIDATION = of("validation");
    public static final URI INTERNAL = of("internal");
    public static final URI SERVICE_UNAVAILABLE = of("service-unavailable");
    /** 503: the service's own database is unreachable or restarting; the answer carries {@code Retry-After}. */
    public static final URI DATABASE_UNAVAILABLE = of("database-unavailable");
    /** Too many requests from one client address (sign-up, password reset, share lookups). */
    public static final URI RATE_LIMITED = of("rate-limited");
    /**
     * A request refused before it reached a handler: a path with an encoded {@code /}, {@code .}, {@code %} or NUL,
     * a malformed query string or request line, a header with control characters.
     */
    public static final URI REQUEST_REJECTED = of("request-rejected");

    private ProblemTypes() {
    }

    public static URI of(String slug) {
        return URI.create(PREFIX + slug);
    }

    /** The default type for an HTTP status: its reason phrase in kebab case. */
    public static URI forStatus(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return of("http-" + status.value());
        }
        if (known == HttpStatus.INTERNAL_SERVER_ERROR) {
            return INTERNAL;
        }
        return of(known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
    }

    /** A problem with the default type and title for its status. */
    public static ProblemDetail problem(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(forStatus(status));
        return problem;
    }

    /** A problem with a specific type, for errors a client is expected to tell apart. */
    public static ProblemDetail problem(HttpStatusCode status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        return problem;
    }
}
