package com.t3chat.llm.egress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request sent and its response, open until closed. Bodies are read with limits: an endpoint (a user's, at
 * least) must not be able to make this server buffer without end. Closing aborts the exchange unless its body was
 * read to its end, because Apache would otherwise read the rest of the body first. Knows nothing of the transport
 * that carried it (it is handed the head, how to abort and how to release), so both transports share it:
 * {@link ClassicTransport} and {@link Http2Transport}.
 */
final class Exchange implements AutoCloseable {

    /** How much of an error body is read and passed on in the {@code HttpException}. */
    static final int MAX_ERROR_BODY = 8 * 1024;
    /** The largest whole response read into memory: far above any chat, catalogue or embedding answer. */
    static final int MAX_BODY = 32 * 1024 * 1024;

    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final Runnable abort;
    private final Runnable release;

    /**
     * @param headers the response's headers, by name
     * @param body    the body as it arrives, empty when there is none
     * @param abort   ends the exchange at once; may run from any thread, at any time, more than once
     * @param release gives back what the exchange holds; runs once, on close, after {@code abort}
     */
    Exchange(int status, Map<String, List<String>> headers, InputStream body, Runnable abort, Runnable release) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.abort = abort;
        this.release = release;
    }

    int status() {
        return status;
    }

    boolean successful() {
        return status() >= 200 && status() < 300;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    InputStream body() {
        return body;
    }

    /** The start of an error body, as text; the rest is never read. */
    String errorBody() {
        try {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(the error body could not be read: " + e.getMessage() + ")";
        }
    }

    /** The whole body, up to {@link #MAX_BODY}. */
    byte[] wholeBody() throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new IOException("the response body is larger than " + MAX_BODY + " bytes");
        }
        return bytes;
    }

    /** Ends the exchange now, from any thread; does nothing once the body was read to its end. */
    void abort() {
        abort.run();
    }

    /** The same exchange, giving back {@code more} too once it is closed (a permit taken before it was opened). */
    Exchange alsoReleasing(Runnable more) {
        return new Exchange(status, headers, body, abort, () -> {
            try {
                release.run();
            } finally {
                more.run();
            }
        });
    }

    @Override
    public void close() {
        abort.run();
        release.run();
    }
}
