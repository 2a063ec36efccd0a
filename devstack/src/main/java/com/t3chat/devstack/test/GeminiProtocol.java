package com.t3chat.devstack.test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.t3chat.devstack.test.Json.quote;

/**
 * Google's Gemini API ({@code POST /v1beta/models/<model>:streamGenerateContent?alt=sse}, server-sent
 * {@code GenerateContentResponse}s, the last with {@code finishReason}); reasoning as parts with
 * {@code "thought": true}, sent only when the request has {@code generationConfig.thinkingConfig.includeThoughts}.
 * Usage as Google counts it: {@code candidatesTokenCount} is the text, {@code thoughtsTokenCount} the reasoning.
 * Key: {@code x-goog-api-key} header or {@code key} query parameter.
 */
final class GeminiProtocol implements Protocol {

    private static final String STREAM_METHOD = ":streamGenerateContent";

    /** Whether the path is a streaming generation request, {@code /v1beta/models/<model>:streamGenerateContent}. */
    static boolean isStreamPath(String path) {
        return path.startsWith("/v1beta/models/") && path.endsWith(STREAM_METHOD);
    }

    @Override
    public String key(Call call) {
        String key = call.header("x-goog-api-key");
        if (key == null || key.isBlank()) {
            key = call.query("key");
        }
        return key == null || key.isBlank() ? null : key.trim();
    }

    @Override
    public void unauthorized(Call call, String key) throws IOException {
        call.json(401, body(401, "UNAUTHENTICATED", key == null
                ? "Method doesn't allow unregistered callers (callers without established identity). Please use API "
                        + "Key or other form of API consumer identity to call this API."
                : "API key not valid: " + key + ". Please pass a valid API key."));
    }

    @Override
    public void error(Call call, int status, String message) throws IOException {
        call.json(status, body(status, switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "UNKNOWN";
        }, message));
    }

    private static String body(int code, String status, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":" + quote(message) + ",\"status\":" + quote(status) + "}}";
    }

    @Override
    public String model(Call call) {
        String path = call.path();
        return path.substring("/v1beta/models/".length(), path.length() - STREAM_METHOD.length());
    }

    @Override
    public int maxTokens(Map<String, Object> request) {
        Integer limit = Json.integer(Json.object(request, "generationConfig"), "maxOutputTokens");
        return limit == null ? Integer.MAX_VALUE : limit;
    }

    @Override
    public int images(Map<String, Object> request) {
        return Json.countParts(request, "contents", "parts",
                part -> part.containsKey("inlineData") || part.containsKey("inline_data"));
    }

    @Override
    public boolean wantsThinking(Map<String, Object> request) {
        Map<String, Object> thinkingConfig = Json.object(Json.object(request, "generationConfig"), "thinkingConfig");
        return Boolean.TRUE.equals(thinkingConfig.get("includeThoughts"));
    }

    @Override
    public Reply.Writer replyTo(Call call, String model) {
        String id = "sim-" + System.nanoTime();
        return new Reply.Writer() {

            @Override
            public void begin(Reply.Usage usage) throws IOException {
                call.startStream("text/event-stream");
            }

            @Override
            public void reasoning(String token, Reply.Usage usage) throws IOException {
                chunk("{\"text\":" + quote(token) + ",\"thought\":true}", null, usage);
            }

            @Override
            public void text(String token, Reply.Usage usage) throws IOException {
                chunk("{\"text\":" + quote(token) + "}", null, usage);
            }

            @Override
            public void finish(boolean truncated, Reply.Usage usage) throws IOException {
                chunk("{\"text\":\"\"}", truncated ? "MAX_TOKENS" : "STOP", usage);
            }

            /** Google reports a failure after the headers as an error object in the stream, then the body breaks. */
            @Override
            public void fail(Reply.Usage usage) throws IOException {
                call.send("data: " + body(500, "INTERNAL", "Simulated failure mid-stream.") + "\n\n");
                call.drop();
            }

            private void chunk(String part, String finishReason, Reply.Usage usage) throws IOException {
                call.send("data: {\"candidates\":[{\"content\":{\"parts\":[" + part + "],\"role\":\"model\"}"
                        + (finishReason == null ? "" : ",\"finishReason\":" + quote(finishReason))
                        + ",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":" + usage.promptTokens()
                        + ",\"candidatesTokenCount\":" + usage.textTokens() + ",\"thoughtsTokenCount\":"
                        + usage.reasoningTokens() + ",\"totalTokenCount\":" + usage.totalTokens() + "},"
                        + "\"modelVersion\":" + quote(model) + ",\"responseId\":" + quote(id) + "}\n\n");
            }
        };
    }

    @Override
    public void listModels(Call call, List<String> ids) throws IOException {
        call.json(200, ids.stream()
                .map(id -> "{\"name\":" + quote("models/" + id) + ",\"version\":\"001\",\"displayName\":"
                        + quote("Simulated " + id) + ",\"inputTokenLimit\":1048576,\"outputTokenLimit\":65536,"
                        + "\"supportedGenerationMethods\":[\"generateContent\",\"streamGenerateContent\"]}")
                .collect(Collectors.joining(",", "{\"models\":[", "]}")));
    }
}
