package com.t3chat.gateway.body;

import com.t3chat.platform.problem.ApiProblem;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * The most a request body may carry, and the refusal when it carries more: {@code 413} problem+json with the limit
 * in the detail and in {@code limitBytes}, and {@code Connection: close} (the rest of the body is not read).
 *
 * @param bytes      the body may carry this many bytes, not one more
 * @param type       the problem's type
 * @param limitBytes the limit a person acts on (for an upload: the file size, without the multipart envelope)
 * @param detail     the problem's detail
 */
record BodyLimit(long bytes, URI type, long limitBytes, String detail) {

    /** Every request but an upload. */
    static BodyLimit ofRequest(DataSize max, URI type) {
        return new BodyLimit(max.toBytes(), type, max.toBytes(),
                "The request body is larger than " + readable(max) + ", the most this request may carry.");
    }

    /** An upload: the file may have {@code maxFile}, its multipart envelope {@code envelope} more. */
    static BodyLimit ofUpload(DataSize maxFile, DataSize envelope, URI type) {
        return new BodyLimit(Math.addExact(maxFile.toBytes(), envelope.toBytes()), type, maxFile.toBytes(),
                "The file is larger than " + readable(maxFile) + ", the most a file may have.");
    }

    ApiProblem exceeded() {
        var problem = new TooLarge(type, detail);
        problem.getBody().setProperty("limitBytes", limitBytes);
        problem.getHeaders().set(HttpHeaders.CONNECTION, "close");
        return problem;
    }

    /** A client's doing, not a fault: no stack trace (the proxying HTTP client logs the error it aborted with). */
    private static final class TooLarge extends ApiProblem {

        TooLarge(URI type, String detail) {
            super(HttpStatus.CONTENT_TOO_LARGE, type, detail);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** {@code 25 MB}, {@code 64 KB}, or bytes when the size is no whole number of either. */
    static String readable(DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + " MB";
        }
        if (bytes >= DataSize.ofKilobytes(1).toBytes() && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
            return size.toKilobytes() + " KB";
        }
        return bytes + " bytes";
    }
}
