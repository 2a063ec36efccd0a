package com.t3chat.config.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report as RFC 9457 problem+json instead of an HTML page: what Tomcat refuses itself (a request
 * line or URI it cannot parse, an encoded {@code /} or NUL, headers over the limit, TRACE) and every error the
 * application sends with {@code sendError} or leaves uncaught (Boot's {@code /error} page is switched off in
 * {@code application.yml}, so Tomcat reports them all here). The {@code type} follows the services' convention,
 * {@code urn:t3chat:problem:<slug>}; a 400 is {@code request-rejected}; a 5xx says nothing about internals.
 * config-server runs on Tomcat and does not use {@code platform} (a WebFlux jar), hence this small copy of its rule.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // unlike Tomcat's own valve, also an empty 4xx set with setStatus (e.g. config-server's 404 for a missing
        // resource file), so that no refusal goes out without a body
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        response.setErrorReported();
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken over meanwhile: nothing left to tell
        }
    }

    static String problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String slug;
        String detail;
        if (status == 400) {
            slug = "request-rejected";
            detail = "The request is malformed and was refused.";
        } else if (status >= 500) {
            slug = "internal";
            detail = "Something went wrong on our side. It has been logged.";
        } else {
            slug = known == null ? "http-" + status
                    : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            detail = "The request was refused: " + title + ".";
        }
        return "{\"type\":\"urn:t3chat:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }
}
