package com.t3chat.devstack.test;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One request to the simulator, and the ways to answer it: a JSON body, or a stream of writes. */
final class Call {

    /** Thrown to drop the connection without ending the response, as a crashing server would. */
    static final class Dropped extends RuntimeException {
        Dropped() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    private static final long DROP_DELAY_MS = 300;

    private final HttpExchange exchange;
    private final ProviderSimulator.Received received;
    private final Map<String, Object> json;
    private OutputStream stream;

    private Call(HttpExchange exchange, ProviderSimulator.Received received) {
        this.exchange = exchange;
        this.received = received;
        this.json = Json.parse(received.body());
    }

    static Call read(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String query = exchange.getRequestURI().getRawQuery();
        String path = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        return new Call(exchange, new ProviderSimulator.Received(exchange.getRequestMethod(), path, headers, body));
    }

    ProviderSimulator.Received received() {
        return received;
    }

    String method() {
        return received.method();
    }

    /** The decoded path, without the query. */
    String path() {
        return exchange.getRequestURI().getPath();
    }

    String header(String name) {
        return received.header(name);
    }

    /** The key of an {@code Authorization: Bearer <key>} header, or null. */
    String bearerKey() {
        String authorization = header("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") && !authorization.substring(7).isBlank()
                ? authorization.substring(7).trim()
                : null;
    }

    /** A query parameter (decoded), or null. */
    String query(String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The body as a JSON object, or null when it is not one. */
    Map<String, Object> json() {
        return json;
    }

    /** Prompt tokens as the simulator counts them: a quarter of the body's length, at least 1. */
    int promptTokens() {
        return Math.max(1, received.body().length() / 4);
    }

    void responseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /** Answers {@code status} with a JSON body. */
    void json(int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Answers 200 with a streamed body of {@code contentType}; {@link #send} writes to it. */
    void startStream(String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        stream = exchange.getResponseBody();
    }

    /** Writes and flushes a piece of the stream. */
    void send(String text) throws IOException {
        stream.write(text.getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    /**
     * Ends the exchange without finishing the response: the client sees the connection break mid-body. First waits a
     * little, so that the client has read what was sent: the JDK's HttpClient discards unread data once the
     * connection fails.
     */
    void drop() throws IOException {
        Reply.sleep(DROP_DELAY_MS);
        throw new Dropped();
    }
}
