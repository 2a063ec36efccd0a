package com.t3chat.devstack.test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.t3chat.devstack.test.Json.quote;

/**
 * Ollama's chat API ({@code POST /api/chat}, newline-delimited JSON: one line a token, the last with
 * {@code "done":true}, {@code done_reason} and the counts); reasoning in {@code message.thinking}, sent only when the
 * request has {@code "think": true}. Ollama has no keys: none is needed, but a {@code Authorization: Bearer bad…}
 * key (as a proxy in front of Ollama would check) is refused like any other provider's.
 */
final class OllamaProtocol implements Protocol {

    @Override
    public String key(Call call) {
        return call.bearerKey();
    }

    @Override
    public boolean keyRequired() {
        return false;
    }

    @Override
    public void unauthorized(Call call, String key) throws IOException {
        error(call, 401, "unauthorized: invalid key " + key);
    }

    @Override
    public void error(Call call, int status, String message) throws IOException {
        call.json(status, "{\"error\":" + quote(message) + "}");
    }

    @Override
    public int maxTokens(Map<String, Object> request) {
        Integer limit = Json.integer(Json.object(request, "options"), "num_predict");
        return limit == null || limit < 0 ? Integer.MAX_VALUE : limit;
    }

    @Override
    public int images(Map<String, Object> request) {
        return Json.sum(request, "messages", message -> Json.size(message, "images"));
    }

    @Override
    public boolean wantsThinking(Map<String, Object> request) {
        return Boolean.TRUE.equals(request.get("think"));
    }

    @Override
    public Reply.Writer replyTo(Call call, String model) {
        return new Reply.Writer() {

            @Override
            public void begin(Reply.Usage usage) throws IOException {
                call.startStream("application/x-ndjson");
            }

            @Override
            public void reasoning(String token, Reply.Usage usage) throws IOException {
                line("{\"role\":\"assistant\",\"content\":\"\",\"thinking\":" + quote(token) + "}", "\"done\":false");
            }

            @Override
            public void text(String token, Reply.Usage usage) throws IOException {
                line("{\"role\":\"assistant\",\"content\":" + quote(token) + "}", "\"done\":false");
            }

            @Override
            public void finish(boolean truncated, Reply.Usage usage) throws IOException {
                line("{\"role\":\"assistant\",\"content\":\"\"}", "\"done_reason\":" + quote(truncated ? "length" : "stop")
                        + ",\"done\":true,\"total_duration\":0,\"load_duration\":0,\"prompt_eval_count\":"
                        + usage.promptTokens() + ",\"prompt_eval_duration\":0,\"eval_count\":" + usage.outputTokens()
                        + ",\"eval_duration\":0");
            }

            @Override
            public void fail(Reply.Usage usage) throws IOException {
                call.send("{\"error\":\"Simulated failure mid-stream.\"}\n");
            }

            private void line(String message, String rest) throws IOException {
                call.send("{\"model\":" + quote(model) + ",\"created_at\":" + quote(Instant.now().toString())
                        + ",\"message\":" + message + "," + rest + "}\n");
            }
        };
    }

    @Override
    public void listModels(Call call, List<String> ids) throws IOException {
        call.json(200, ids.stream()
                .map(id -> "{\"name\":" + quote(id) + ",\"model\":" + quote(id) + ",\"modified_at\":"
                        + "\"2025-01-01T00:00:00Z\",\"size\":1000000,\"digest\":\"0000000000000000\",\"details\":{"
                        + "\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"sim\",\"families\":[\"sim\"],"
                        + "\"parameter_size\":\"1B\",\"quantization_level\":\"Q4_0\"}}")
                .collect(Collectors.joining(",", "{\"models\":[", "]}")));
    }
}
