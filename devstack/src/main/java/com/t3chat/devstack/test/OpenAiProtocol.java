package com.t3chat.devstack.test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.t3chat.devstack.test.Json.quote;

/**
 * OpenAI's chat completions ({@code POST …/chat/completions}, server-sent {@code chat.completion.chunk}s ending
 * with a finish reason, a usage chunk and {@code [DONE]}); reasoning as {@code delta.reasoning_content}, the form
 * DeepSeek and other OpenAI-compatible providers use. Key: {@code Authorization: Bearer <key>}.
 */
final class OpenAiProtocol implements Protocol {

    @Override
    public String key(Call call) {
        return call.bearerKey();
    }

    @Override
    public void unauthorized(Call call, String key) throws IOException {
        if (key == null) {
            call.json(401, body("You didn't provide an API key. You need to provide your API key in an Authorization "
                    + "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null));
        } else {
            call.json(401, body("Incorrect API key provided: " + key + ". You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
        }
    }

    @Override
    public void error(Call call, int status, String message) throws IOException {
        call.json(status, body(message, status == 429 ? "rate_limit_exceeded" : status < 500
                ? "invalid_request_error" : "server_error", status == 429 ? "rate_limit_exceeded" : null));
    }

    private static String body(String message, String type, String code) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":null,\"code\":"
                + quote(code) + "}}";
    }

    @Override
    public int maxTokens(Map<String, Object> request) {
        Integer limit = Json.integer(request, "max_completion_tokens");
        if (limit == null) {
            limit = Json.integer(request, "max_tokens");
        }
        return limit == null ? Integer.MAX_VALUE : limit;
    }

    @Override
    public int images(Map<String, Object> request) {
        return Json.countParts(request, "messages", "content", part -> "image_url".equals(part.get("type")));
    }

    @Override
    public boolean wantsThinking(Map<String, Object> request) {
        return true; // a reasoning model streams its reasoning unasked
    }

    @Override
    public Reply.Writer replyTo(Call call, String model) {
        String id = "chatcmpl-sim-" + System.nanoTime();
        return new Reply.Writer() {

            @Override
            public void begin(Reply.Usage usage) throws IOException {
                call.startStream("text/event-stream");
                call.send(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            }

            @Override
            public void reasoning(String token, Reply.Usage usage) throws IOException {
                call.send(chunk("{\"reasoning_content\":" + quote(token) + "}", null));
            }

            @Override
            public void text(String token, Reply.Usage usage) throws IOException {
                call.send(chunk("{\"content\":" + quote(token) + "}", null));
            }

            @Override
            public void finish(boolean truncated, Reply.Usage usage) throws IOException {
                call.send(chunk("{}", truncated ? "length" : "stop"));
                call.send("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":"
                        + quote(model) + ",\"choices\":[],\"usage\":{\"prompt_tokens\":" + usage.promptTokens()
                        + ",\"completion_tokens\":" + usage.outputTokens() + ",\"total_tokens\":" + usage.totalTokens()
                        + ",\"completion_tokens_details\":{\"reasoning_tokens\":" + usage.reasoningTokens() + "}}}\n\n");
                call.send("data: [DONE]\n\n");
            }

            @Override
            public void fail(Reply.Usage usage) throws IOException {
                call.send("event: error\ndata: {\"error\":{\"message\":\"Simulated failure mid-stream.\","
                        + "\"type\":\"server_error\"}}\n\n");
            }

            private String chunk(String delta, String finishReason) {
                return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":"
                        + quote(model) + ",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                        + quote(finishReason) + "}]}\n\n";
            }
        };
    }

    @Override
    public void listModels(Call call, List<String> ids) throws IOException {
        call.json(200, ids.stream()
                .map(id -> "{\"id\":" + quote(id) + ",\"object\":\"model\",\"created\":0,\"owned_by\":\"simulator\"}")
                .collect(Collectors.joining(",", "{\"object\":\"list\",\"data\":[", "]}")));
    }
}
