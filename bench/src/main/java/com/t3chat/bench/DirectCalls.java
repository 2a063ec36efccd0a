package com.t3chat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline of every figure: the same model and prompt size sent straight to the provider simulator
 * ({@code POST <sim>/v1/chat/completions}, streamed), t1 = the first chunk with content.
 */
final class DirectCalls {

    private final HttpClient http;
    private final String simulatorUrl;

    DirectCalls(HttpClient http, String simulatorUrl) {
        this.http = http;
        this.simulatorUrl = simulatorUrl;
    }

    /** {@code model} without the provider prefix, e.g. {@code sim-len20-rate40}. */
    ChatApi.Reply reply(String model, String prompt, boolean keepGaps) {
        return reply(model, prompt, keepGaps, null);
    }

    /** The same, reporting every chunk with content to {@code progress} as it is parsed. */
    ChatApi.Reply reply(String model, String prompt, StreamProgress progress) {
        return reply(model, prompt, false, progress);
    }

    /** Like a reply through the system, one not done within {@link ChatApi#REPLY_DEADLINE} counts as failed. */
    private ChatApi.Reply reply(String model, String prompt, boolean keepGaps, StreamProgress progress) {
        ReadDeadline deadline = new ReadDeadline(Thread.currentThread(), ChatApi.REPLY_DEADLINE);
        try {
            ChatApi.Reply reply = read(model, prompt, keepGaps, progress);
            return deadline.passed()
                    ? ChatApi.Reply.failed("timed out after " + ChatApi.REPLY_DEADLINE + ": " + reply.error())
                    : reply;
        } finally {
            deadline.cancel();
        }
    }

    private ChatApi.Reply read(String model, String prompt, boolean keepGaps, StreamProgress progress) {
        String body = ChatApi.json(Map.of("model", model, "stream", true,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                            URI.create(simulatorUrl + "/v1/chat/completions"))
                    .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
            long ttft = -1;
            long last = 0;
            List<Long> gaps = keepGaps ? new ArrayList<>() : List.of();
            if (response.statusCode() != 200) {
                response.body().close();
                return ChatApi.Reply.failed("direct: " + response.statusCode());
            }
            if (progress != null) {
                progress.opened();
            }
            try (Sse events = new Sse(response.body())) {
                Sse.Event event;
                while ((event = events.next()) != null) {
                    if (event.data().equals("[DONE]")) {
                        return new ChatApi.Reply(ttft >= 0, "direct", -1, ttft, true, gaps, null, null);
                    }
                    if (event.data().contains("\"content\":\"") && !event.data().contains("\"content\":\"\"")) {
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
                }
            }
            return new ChatApi.Reply(false, "direct", -1, ttft, false, gaps, null, "no [DONE]");
        } catch (IOException e) {
            return ChatApi.Reply.failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChatApi.Reply.failed("interrupted");
        }
    }
}
