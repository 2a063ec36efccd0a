package com.t3chat.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The chat API as the web app uses it, timed from the client's side. Works against both server generations:
 * today's ({@code POST …/messages} answers {@code 202} JSON, the reply is read from {@code GET …/messages/{id}/stream})
 * and issue 13's ({@code POST} with {@code Accept: text/event-stream} answers {@code 200 text/event-stream} whose
 * first event is {@code posted}) — told apart by the answer's content type, never configured.
 */
final class ChatApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Both server generations accept this: the new one streams, the old one answers JSON. */
    static final String POST_ACCEPT = "text/event-stream, application/json;q=0.9";
    /** A reply not done by then counts as failed ("timed out") instead of holding the run up. */
    static final Duration REPLY_DEADLINE = Duration.ofSeconds(120);

    /** How a reply went, from the client's side. */
    record Reply(boolean ok, String mode, long postNanos, long ttftNanos, boolean completed, List<Long> gapsNanos,
                 String replyId, String error) {

        static Reply failed(String error) {
            return new Reply(false, null, -1, -1, false, List.of(), null, error);
        }
    }

    /** A first page (or the whole tree) of a chat's messages. */
    record Messages(long nanos, long bytes, String shape, int count) {
    }

    private final HttpClient http;
    private final String baseUrl;

    ChatApi(HttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    UUID createChat(String token, String model) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/chats"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("model", model)))).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating a chat: " + response.statusCode() + " " + response.body());
        }
        return UUID.fromString(JSON.readTree(response.body()).get("id").asString());
    }

    /**
     * Saves a key of the user's own for a provider ({@code PUT /api/keys/{provider}}): their replies there count
     * against no system-key budget (llm-service checks the key against the provider, the simulator here).
     */
    void saveOwnKey(String token, String provider, String apiKey) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/keys/" + provider))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(Map.of("apiKey", apiKey)))).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("saving a key: " + response.statusCode() + " " + response.body());
        }
    }

    /** {@code GET /api/chats/{id}}: the status code and the time it took. */
    long getChatNanos(String token, UUID chatId) {
        long t0 = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/chats/" + chatId))
                .header("Authorization", "Bearer " + token).GET().build());
        long nanos = System.nanoTime() - t0;
        return response.statusCode() == 200 ? nanos : -1;
    }

    /** The first {@code GET …/messages} a browser opening the chat makes (a page after issue 13, else the tree). */
    Messages firstMessages(String token, UUID chatId) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/chats/" + chatId + "/messages"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long nanos = System.nanoTime() - t0;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET messages: " + response.statusCode());
        }
        JsonNode body = JSON.readTree(response.body());
        String shape = body.has("nextCursor") ? "page" : "tree";
        return new Messages(nanos, response.body().length, shape, body.get("messages").size());
    }

    /**
     * Posts a message and reads its reply to the end: t0 just before the request is written, the first token when
     * the first {@code delta} event is parsed.
     */
    Reply post(String token, UUID chatId, String content, String model, boolean keepGaps) {
        return post(token, chatId, content, model, keepGaps, null);
    }

    /** The same, reporting every delta to {@code progress} as it is parsed (a reply among many held open at once). */
    Reply post(String token, UUID chatId, String content, String model, StreamProgress progress) {
        return post(token, chatId, content, model, false, progress);
    }

    private Reply post(String token, UUID chatId, String content, String model, boolean keepGaps,
                       StreamProgress progress) {
        ReadDeadline deadline = new ReadDeadline(Thread.currentThread(), REPLY_DEADLINE);
        try {
            Reply reply = postAndRead(token, chatId, content, model, keepGaps, progress);
            return deadline.passed() ? Reply.failed("timed out after " + REPLY_DEADLINE + ": " + reply.error())
                    : reply;
        } finally {
            deadline.cancel();
        }
    }

    private Reply postAndRead(String token, UUID chatId, String content, String model, boolean keepGaps,
                              StreamProgress progress) {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/chats/" + chatId + "/messages"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Accept", POST_ACCEPT)
                    .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("content", content, "model", model))))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return Reply.failed("POST: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.failed("interrupted");
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        try {
            if (response.statusCode() == 200 && type.startsWith("text/event-stream")) {
                try (Sse events = new Sse(response.body())) {
                    Sse.Event posted = events.next();
                    long postNanos = System.nanoTime() - t0;
                    if (posted == null || !"posted".equals(posted.name())) {
                        return Reply.failed("the stream did not start with posted: " + posted);
                    }
                    String replyId = JSON.readTree(posted.data()).get("assistantMessage").get("id").asString();
                    return read(events, "post-stream", t0, postNanos, replyId, keepGaps, progress);
                }
            }
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            long postNanos = System.nanoTime() - t0;
            if (response.statusCode() != 202) {
                return Reply.failed("POST: " + response.statusCode() + " " + abbreviate(body));
            }
            if (type.startsWith("text/event-stream")) {
                // today's server writes its 202 body as one server-sent event when the stream is preferred
                body = body.lines().filter(line -> line.startsWith("data:")).map(line -> line.substring(5))
                        .reduce("", String::concat);
            }
            String replyId = JSON.readTree(body).get("assistantMessage").get("id").asString();
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                            URI.create(baseUrl + "/api/chats/" + chatId + "/messages/" + replyId + "/stream"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (stream.statusCode() != 200) {
                stream.body().close();
                return Reply.failed("GET stream: " + stream.statusCode());
            }
            try (Sse events = new Sse(stream.body())) {
                return read(events, "202+stream", t0, postNanos, replyId, keepGaps, progress);
            }
        } catch (IOException | RuntimeException e) {
            return Reply.failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.failed("interrupted");
        }
    }

    private static Reply read(Sse events, String mode, long t0, long postNanos, String replyId, boolean keepGaps,
                              StreamProgress progress) throws IOException {
        if (progress != null) {
            progress.opened();
        }
        long ttft = -1;
        long last = 0;
        List<Long> gaps = keepGaps ? new ArrayList<>() : List.of();
        Sse.Event event;
        while ((event = events.next()) != null) {
            switch (event.name()) {
                case "delta" -> {
                    long now = System.nanoTime();
                    if (progress != null) {
                        progress.delta(now);
                    }
                    if (ttft < 0) {
                        ttft = now - t0;
                    } else if (keepGaps) {
                        gaps.add(now - last);
                    }
                    last = now;
                }
                case "done" -> {
                    return new Reply(ttft >= 0, mode, postNanos, ttft, true, gaps, replyId, null);
                }
                case "error" -> {
                    return new Reply(false, mode, postNanos, ttft, false, gaps, replyId, "error event " + event.data());
                }
                default -> {
                    // started, title, reasoning, waiting, heartbeats: not timed
                }
            }
        }
        return new Reply(false, mode, postNanos, ttft, false, gaps, replyId, "the stream ended without done");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
