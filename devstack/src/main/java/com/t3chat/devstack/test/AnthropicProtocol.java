package com.t3chat.devstack.test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.t3chat.devstack.test.Json.quote;

/**
 * Anthropic's messages API ({@code POST /v1/messages}, server-sent events {@code message_start},
 * {@code content_block_start/delta/stop}, {@code message_delta}, {@code message_stop}); reasoning as a
 * {@code thinking} block ({@code thinking_delta}s, then a {@code signature_delta}), sent only when the request has
 * {@code "thinking":{"type":"enabled"|"adaptive"}}. Key: {@code x-api-key}.
 */
final class AnthropicProtocol implements Protocol {

    @Override
    public String key(Call call) {
        String key = call.header("x-api-key");
        return key == null || key.isBlank() ? null : key.trim();
    }

    @Override
    public void unauthorized(Call call, String key) throws IOException {
        call.json(401, body("authentication_error",
                key == null ? "x-api-key header is required" : "invalid x-api-key: " + key));
    }

    @Override
    public void error(Call call, int status, String message) throws IOException {
        call.json(status, body(switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        }, message));
    }

    private static String body(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":" + quote(type) + ",\"message\":" + quote(message) + "}}";
    }

    @Override
    public int maxTokens(Map<String, Object> request) {
        Integer limit = Json.integer(request, "max_tokens");
        return limit == null ? Integer.MAX_VALUE : limit;
    }

    @Override
    public int images(Map<String, Object> request) {
        return Json.countParts(request, "messages", "content", block -> "image".equals(block.get("type")));
    }

    @Override
    public boolean wantsThinking(Map<String, Object> request) {
        String type = Json.string(Json.object(request, "thinking"), "type");
        return "enabled".equals(type) || "adaptive".equals(type);
    }

    @Override
    public Reply.Writer replyTo(Call call, String model) {
        return new Reply.Writer() {

            private int index = -1;
            private String block;

            @Override
            public void begin(Reply.Usage usage) throws IOException {
                call.startStream("text/event-stream");
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_sim_" + System.nanoTime()
                        + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + quote(model)
                        + ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
                        + usage.promptTokens() + ",\"output_tokens\":0}}}");
                event("ping", "{\"type\":\"ping\"}");
            }

            @Override
            public void reasoning(String token, Reply.Usage usage) throws IOException {
                open("thinking", "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
                delta("{\"type\":\"thinking_delta\",\"thinking\":" + quote(token) + "}");
            }

            @Override
            public void text(String token, Reply.Usage usage) throws IOException {
                open("text", "{\"type\":\"text\",\"text\":\"\"}");
                delta("{\"type\":\"text_delta\",\"text\":" + quote(token) + "}");
            }

            @Override
            public void finish(boolean truncated, Reply.Usage usage) throws IOException {
                close();
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                        + quote(truncated ? "max_tokens" : "end_turn") + ",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":" + usage.outputTokens() + "}}");
                event("message_stop", "{\"type\":\"message_stop\"}");
            }

            @Override
            public void fail(Reply.Usage usage) throws IOException {
                event("error", body("overloaded_error", "Overloaded (simulated failure mid-stream)."));
            }

            private void open(String type, String contentBlock) throws IOException {
                if (type.equals(block)) {
                    return;
                }
                close();
                block = type;
                index++;
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                        + ",\"content_block\":" + contentBlock + "}");
            }

            private void close() throws IOException {
                if (block == null) {
                    return;
                }
                if (block.equals("thinking")) {
                    delta("{\"type\":\"signature_delta\",\"signature\":\"c2ltdWxhdGVk\"}");
                }
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
                block = null;
            }

            private void delta(String delta) throws IOException {
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                        + ",\"delta\":" + delta + "}");
            }

            private void event(String name, String data) throws IOException {
                call.send("event: " + name + "\ndata: " + data + "\n\n");
            }
        };
    }

    @Override
    public void listModels(Call call, List<String> ids) throws IOException {
        call.json(200, ids.stream()
                .map(id -> "{\"type\":\"model\",\"id\":" + quote(id) + ",\"display_name\":" + quote("Simulated " + id)
                        + ",\"created_at\":\"2025-01-01T00:00:00Z\"}")
                .collect(Collectors.joining(",", "{\"data\":[", "],\"has_more\":false,\"first_id\":"
                        + quote(ids.isEmpty() ? null : ids.getFirst()) + ",\"last_id\":"
                        + quote(ids.isEmpty() ? null : ids.getLast()) + "}")));
    }
}
