package com.t3chat.devstack.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for an AI provider in integration tests: speaks OpenAI's chat-completions streaming protocol
 * ({@code POST /v1/chat/completions} with {@code "stream": true}, answered as server-sent events: role chunk,
 * content chunks, a chunk with {@code finish_reason}, a usage chunk, {@code data: [DONE]}), so that the real
 * client library (langchain4j's {@code OpenAiStreamingChatModel}) talks to it as to the real thing.
 *
 * <p>The requested model name scripts the behaviour: dash-separated options, in any order, after any prefix.
 * <table>
 * <caption>model name options</caption>
 * <tr><td>{@code len<N>}</td><td>reply with N tokens ({@code "w1"}, {@code " w2"}, …; default 20); cut at the
 * request's {@code max_tokens} / {@code max_completion_tokens} with finish reason {@code length}</td></tr>
 * <tr><td>{@code rate<N>}</td><td>N tokens per second (default 200)</td></tr>
 * <tr><td>{@code first<N>ms}</td><td>wait N ms before the first token (default 0)</td></tr>
 * <tr><td>{@code status<NNN>}</td><td>answer HTTP NNN with an OpenAI error body instead of a stream (429 with
 * {@code Retry-After: 1})</td></tr>
 * <tr><td>{@code fail<N>}</td><td>after N tokens, send an {@code event: error} and end the stream</td></tr>
 * <tr><td>{@code cut<N>}</td><td>after N tokens, end the stream without finish reason or {@code [DONE]}</td></tr>
 * <tr><td>{@code endless}</td><td>never finish: tokens until the client goes away</td></tr>
 * </table>
 * E.g. {@code sim-first300ms-rate50-len40}, {@code sim-status429}, {@code sim-fail5}, {@code sim-endless}.
 * A request without {@code Authorization: Bearer <key>} gets 401.
 *
 * <pre>{@code
 * ProviderSimulator provider = ProviderSimulator.start();
 * registry.add("t3chat.providers.openai.base-url", provider::openAiBaseUrl);   // http://127.0.0.1:<port>/v1
 * ... provider.requests() (bodies received), provider.openStreams() (streams still being written) ...
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern MAX_TOKENS = Pattern.compile("\"max(?:_completion)?_tokens\"\\s*:\\s*(\\d+)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "provider-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger openStreams = new AtomicInteger();

    private ProviderSimulator(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::chatCompletions);
        server.start();
    }

    /** Starts a simulator on a free port of 127.0.0.1. */
    public static ProviderSimulator start() {
        try {
            return new ProviderSimulator(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider simulator", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1}: the base URL an OpenAI client is given. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The request bodies received so far, oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Streams still being written (an endless one ends when its client disconnects). */
    public int openStreams() {
        return openStreams.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ the protocol

    private void chatCompletions(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            requests.add(body);
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "Method not allowed", "invalid_request_error", null);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
                error(exchange, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
                return;
            }
            Matcher modelMatch = MODEL.matcher(body);
            String model = modelMatch.find() ? modelMatch.group(1) : "";
            Script script = Script.parse(model);
            if (script.status() != 0) {
                if (script.status() == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                error(exchange, script.status(), "Simulated HTTP " + script.status() + ".",
                        script.status() == 429 ? "rate_limit_exceeded" : "server_error", null);
                return;
            }
            Matcher maxTokens = MAX_TOKENS.matcher(body);
            int limit = maxTokens.find() ? Integer.parseInt(maxTokens.group(1)) : Integer.MAX_VALUE;
            stream(exchange, script, limit, Math.max(1, body.length() / 4), model);
        }
    }

    private void stream(HttpExchange exchange, Script script, int maxTokens, int promptTokens, String model)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        openStreams.incrementAndGet();
        String id = "chatcmpl-sim-" + System.nanoTime();
        try (OutputStream out = exchange.getResponseBody()) {
            send(out, chunk(id, model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
            sleep(script.firstTokenDelayMs());
            long pauseNanos = TimeUnit.SECONDS.toNanos(1) / script.tokensPerSecond();
            int sent = 0;
            while (script.endless() || sent < Math.min(script.length(), maxTokens)) {
                if (sent == script.failAfter()) {
                    send(out, "event: error\ndata: {\"error\":{\"message\":\"Simulated failure mid-stream.\","
                            + "\"type\":\"server_error\"}}\n\n");
                    return;
                }
                if (sent == script.cutAfter()) {
                    return;
                }
                if (sent > 0) {
                    sleep(TimeUnit.NANOSECONDS.toMillis(pauseNanos));
                }
                sent++;
                String token = sent == 1 ? "w1" : " w" + sent;
                send(out, chunk(id, model, "{\"content\":\"" + token + "\"}", null));
            }
            String finishReason = sent < script.length() ? "length" : "stop";
            send(out, chunk(id, model, "{}", finishReason));
            send(out, "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\""
                    + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                    + ",\"completion_tokens\":" + sent + ",\"total_tokens\":" + (promptTokens + sent) + "}}\n\n");
            send(out, "data: [DONE]\n\n");
        } catch (IOException e) {
            // the client went away (e.g. it cancelled the stream): nothing more to send
        } finally {
            openStreams.decrementAndGet();
        }
    }

    private static String chunk(String id, String model, String delta, String finishReason) {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}\n\n";
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void error(HttpExchange exchange, int status, String message, String type, String code)
            throws IOException {
        byte[] body = ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,"
                + "\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sleep(long millis) throws IOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** What a model name asks the simulator to do. */
    record Script(int length, int tokensPerSecond, long firstTokenDelayMs, int status, int failAfter, int cutAfter,
            boolean endless) {

        private static final Pattern OPTION = Pattern.compile("(len|rate|first|status|fail|cut)(\\d+)(?:ms)?");

        static Script parse(String model) {
            int length = 20;
            int rate = 200;
            long first = 0;
            int status = 0;
            int fail = -1;
            int cut = -1;
            boolean endless = false;
            for (String option : model.split("-")) {
                if (option.equals("endless")) {
                    endless = true;
                    continue;
                }
                Matcher m = OPTION.matcher(option);
                if (!m.matches()) {
                    continue;
                }
                int value = Integer.parseInt(m.group(2));
                switch (m.group(1)) {
                    case "len" -> length = value;
                    case "rate" -> rate = Math.max(1, value);
                    case "first" -> first = value;
                    case "status" -> status = value;
                    case "fail" -> fail = value;
                    case "cut" -> cut = value;
                    default -> throw new IllegalStateException(option);
                }
            }
            return new Script(length, rate, first, status, fail, cut, endless);
        }
    }
}
