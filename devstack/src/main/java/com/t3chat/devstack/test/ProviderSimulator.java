package com.t3chat.devstack.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for AI providers in tests: one local HTTP server that speaks the streaming wire formats of OpenAI,
 * Anthropic, Google Gemini and Ollama, faithfully enough that the real clients (langchain4j's
 * {@code OpenAiStreamingChatModel}, {@code AnthropicStreamingChatModel}, {@code GoogleAiGeminiStreamingChatModel},
 * {@code OllamaStreamingChatModel} and the model catalogues) talk to it as to the real thing. Replies are streamed
 * only (whatever the request's {@code stream} flag says).
 *
 * <table>
 * <caption>protocols</caption>
 * <tr><th>provider</th><th>base URL for langchain4j</th><th>chat</th><th>model listing</th><th>key</th></tr>
 * <tr><td>OpenAI (and compatible)</td><td>{@link #openAiBaseUrl()} {@code …/v1}</td>
 * <td>{@code POST …/chat/completions} (any prefix, e.g. {@code /api/v1/…})</td><td>{@code GET …/models}</td>
 * <td>{@code Authorization: Bearer <key>}</td></tr>
 * <tr><td>Anthropic</td><td>{@link #anthropicBaseUrl()} {@code …/v1}</td><td>{@code POST /v1/messages}</td>
 * <td>{@code GET /v1/models} with an {@code x-api-key} or {@code anthropic-version} header</td>
 * <td>{@code x-api-key}</td></tr>
 * <tr><td>Gemini</td><td>{@link #geminiBaseUrl()} {@code …/v1beta}</td>
 * <td>{@code POST /v1beta/models/<model>:streamGenerateContent?alt=sse} (not {@code :generateContent})</td>
 * <td>{@code GET /v1beta/models}</td>
 * <td>{@code x-goog-api-key} (langchain4j's way) or {@code ?key=}</td></tr>
 * <tr><td>Ollama</td><td>{@link #ollamaBaseUrl()} (the root)</td><td>{@code POST /api/chat}</td>
 * <td>{@code GET /api/tags}</td><td>none (a {@code Bearer} key, if sent, is checked)</td></tr>
 * </table>
 *
 * <p>The requested model name scripts the reply, the same for every protocol: dash-separated options, in any order,
 * after any prefix (e.g. {@code openai/sim-len5}).
 * <table>
 * <caption>model name options</caption>
 * <tr><td>{@code len<N>}</td><td>reply with N text tokens ({@code "w1"}, {@code " w2"}, …; default 20)</td></tr>
 * <tr><td>{@code markdown}</td><td>reply with {@link MarkdownSample} (a heading, a list, a table, code, math), a
 * word per token</td></tr>
 * <tr><td>{@code think<N>}</td><td>N reasoning tokens ({@code "r1"}, {@code " r2"}, …) before the text, in the
 * protocol's form: OpenAI {@code delta.reasoning_content} (always sent, as DeepSeek does); Anthropic a
 * {@code thinking} block, only if the request enables {@code thinking}; Gemini {@code "thought": true} parts, only
 * with {@code thinkingConfig.includeThoughts}; Ollama {@code message.thinking}, only with {@code "think": true}</td></tr>
 * <tr><td>{@code rate<N>}</td><td>N tokens per second (default 200)</td></tr>
 * <tr><td>{@code first<N>ms}</td><td>wait N ms before the first token (default 0)</td></tr>
 * <tr><td>{@code status<NNN>}</td><td>answer HTTP NNN with the protocol's error body instead of a stream (429 with
 * {@code Retry-After: 1})</td></tr>
 * <tr><td>{@code flaky<N>}</td><td>the first N requests for this exact model name answer 429 ({@code Retry-After: 1}),
 * later ones succeed; {@link #resetCounters()} starts counting again</td></tr>
 * <tr><td>{@code fail<N>}</td><td>after N tokens (reasoning included), fail in the protocol's way: OpenAI an
 * {@code event: error}; Anthropic an {@code event: error} with {@code overloaded_error}; Ollama an {@code {"error":…}}
 * line; Gemini a {@code data: {"error":…}} chunk and then a broken connection (langchain4j's Gemini client ignores
 * the chunk)</td></tr>
 * <tr><td>{@code cut<N>}</td><td>after N tokens, end the stream cleanly but without finish reason / {@code [DONE]} /
 * {@code message_stop} / {@code done}</td></tr>
 * <tr><td>{@code endless}</td><td>never finish: tokens until the client goes away</td></tr>
 * </table>
 * E.g. {@code sim-first300ms-rate50-len40}, {@code sim-think5-len3}, {@code sim-flaky1}, {@code sim-fail5},
 * {@code sim-endless}.
 *
 * <p>The request's output limit ({@code max_tokens} / {@code max_completion_tokens}, Anthropic {@code max_tokens},
 * Gemini {@code generationConfig.maxOutputTokens}, Ollama {@code options.num_predict}) cuts the reply (reasoning
 * included) with the protocol's "length" reason: {@code length}, {@code max_tokens}, {@code MAX_TOKENS}, {@code length}
 * (otherwise {@code stop}, {@code end_turn}, {@code STOP}, {@code stop}). Usage: prompt tokens are a quarter of the
 * request body's length; output tokens are the tokens sent, reasoning included (Gemini reports them apart, as Google
 * does: {@code candidatesTokenCount} the text, {@code thoughtsTokenCount} the reasoning). Image parts in the request
 * (OpenAI {@code image_url} parts, Anthropic {@code image} blocks, Gemini {@code inlineData} parts, Ollama
 * {@code images}) turn the first text token into {@code img<count>}.
 *
 * <p>Keys: a request without a key gets 401 (not on Ollama); so does any key starting with {@code bad}, with an
 * error body that echoes the whole key (as OpenAI's "Incorrect API key provided: …" does), so a test can prove that
 * the key never leaks from our own error messages. The listings check keys the same way. (Google itself answers a
 * bad key with 400 and a missing one with 403; the simulator says 401 for every provider.)
 *
 * <p>How langchain4j 1.19's clients report what the simulator sends (pinned by the {@code *ClientTest}s of devstack):
 * a failure mid-stream reaches {@code onError}, but the OpenAI and Gemini clients then also call
 * {@code onCompleteResponse} when the body ends; a {@code cut<N>} stream is "complete" with a null finish reason for
 * the OpenAI and Gemini clients, and reported not at all by the Anthropic and Ollama clients. For reasoning through
 * {@code onPartialThinking} each client needs {@code returnThinking(true)}, and besides: Anthropic
 * {@code thinkingType("enabled")} (with a budget), Gemini {@code thinkingConfig(includeThoughts(true))}, Ollama
 * {@code think(true)}. Gemini with {@code includeThoughts} but without {@code returnThinking} hands the thoughts to
 * {@code onPartialResponse} as if they were text.
 *
 * <pre>{@code
 * ProviderSimulator provider = ProviderSimulator.start();
 * registry.add("t3chat.providers.openai.base-url", provider::openAiBaseUrl);   // http://127.0.0.1:<port>/v1
 * ... provider.received() (method, path, headers, body of each request), provider.openStreams() ...
 * assertThat(provider.received().getLast().header("x-api-key")).isEqualTo("alice-key");
 * }</pre>
 *
 * <p>Under load (the benchmark, {@link SimulatorMain} as its own process): every exchange runs on its own virtual
 * thread, the accept backlog holds {@value #ACCEPT_BACKLOG} connects (a burst of 200 otherwise waits on SYN
 * retries), and only the last {@link Options#recordLast() n} requests are kept ({@code 0}: none) while
 * {@link #requestCount()} counts all of them.
 */
public final class ProviderSimulator implements AutoCloseable {

    /** What the listings answer until {@link #listing(String...)} says otherwise. */
    public static final List<String> DEFAULT_LISTING = List.of("sim", "sim-think8", "sim-len300-rate40");

    private final Protocol openAi = new OpenAiProtocol();
    private final Protocol anthropic = new AnthropicProtocol();
    private final Protocol gemini = new GeminiProtocol();
    private final Protocol ollama = new OllamaProtocol();

    /** Pending connects the listening socket holds. */
    public static final int ACCEPT_BACKLOG = 1024;

    static {
        // The JDK's server closes every idle keep-alive connection beyond 200 (all clients together) the moment it
        // goes idle: after a burst of 200+ streams the clients' pools are left with closed connections, which a
        // real provider does not do. Read once, when the first HttpServer of this JVM starts.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxIdleConnections", "10000");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("provider-simulator-", 0).factory());
    private final int recordLast;
    /** The last {@code recordLast} requests, oldest first (guarded by itself). */
    private final ArrayDeque<Received> received = new ArrayDeque<>();
    private final AtomicLong requestCount = new AtomicLong();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private volatile List<String> listing = DEFAULT_LISTING;

    private ProviderSimulator(HttpServer server, Options options) {
        this.server = server;
        this.recordLast = options.recordLast();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * How a simulator runs.
     *
     * @param port       the port on 127.0.0.1 ({@code 0}: a free one)
     * @param recordLast how many of the newest requests {@link #received()} keeps ({@code 0}: none)
     */
    public record Options(int port, int recordLast) {

        public static final int DEFAULT_RECORD_LAST = 1000;

        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not a port");
            }
            if (recordLast < 0) {
                throw new IllegalArgumentException("recordLast must be 0 or more, not " + recordLast);
            }
        }

        /** A free port, the last {@value #DEFAULT_RECORD_LAST} requests kept. */
        public static Options defaults() {
            return new Options(0, DEFAULT_RECORD_LAST);
        }

        public Options port(int port) {
            return new Options(port, recordLast);
        }

        public Options recordLast(int requests) {
            return new Options(port, requests);
        }
    }

    /** Starts a simulator on a free port of 127.0.0.1 that keeps the last 1,000 requests. */
    public static ProviderSimulator start() {
        return start(Options.defaults());
    }

    public static ProviderSimulator start(Options options) {
        try {
            return new ProviderSimulator(HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), ACCEPT_BACKLOG), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider simulator", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}: the base URL an OpenAI client is given. */
    public String openAiBaseUrl() {
        return rootUrl() + "/v1";
    }

    /** {@code http://127.0.0.1:<port>/v1}: langchain4j's Anthropic clients want the {@code /v1} (their default is
     * {@code https://api.anthropic.com/v1/}). */
    public String anthropicBaseUrl() {
        return rootUrl() + "/v1";
    }

    /** {@code http://127.0.0.1:<port>/v1beta}: langchain4j's Gemini clients want the API version in the base URL. */
    public String geminiBaseUrl() {
        return rootUrl() + "/v1beta";
    }

    /** {@code http://127.0.0.1:<port>}: Ollama clients append {@code /api/…} themselves. */
    public String ollamaBaseUrl() {
        return rootUrl();
    }

    /** Sets the model ids every listing answers with (default {@link #DEFAULT_LISTING}). */
    public ProviderSimulator listing(String... modelIds) {
        listing = List.of(modelIds);
        return this;
    }

    /** The bodies of the POST requests among {@link #received()} (the chat requests), oldest first. */
    public List<String> requests() {
        return received().stream().filter(request -> request.method().equals("POST")).map(Received::body).toList();
    }

    /** The requests received so far, oldest first: the last {@link Options#recordLast()} of them. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Every request received since the start, including those {@link #received()} no longer keeps. */
    public long requestCount() {
        return requestCount.get();
    }

    /** Forgets the requests received so far ({@link #requestCount()} keeps counting). */
    public void clear() {
        synchronized (received) {
            received.clear();
        }
    }

    /** Forgets how many requests each model name had ({@code flaky<N>} counts afresh). */
    public void resetCounters() {
        attempts.clear();
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

    /**
     * One request as it arrived.
     *
     * @param method  e.g. {@code POST}
     * @param path    the raw path with the query, e.g. {@code /v1beta/models/sim:streamGenerateContent?alt=sse}
     * @param headers header values by name, looked up case-insensitively
     * @param body    the body as text ({@code ""} when there is none)
     */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {

        public Received {
            Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            headers = Collections.unmodifiableMap(copy);
        }

        /** The first value of a header (name in any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    // ------------------------------------------------------------------ routing and what all protocols share

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Call call = Call.read(exchange);
            record(call.received());
            route(call);
        } catch (Call.Dropped dropped) {
            // an exception from a handler makes the server close the connection without ending the response
            throw new IOException(dropped.getMessage());
        } catch (IOException e) {
            // the client went away (e.g. it cancelled the stream): nothing more to send
        }
        exchange.close();
    }

    private void record(Received request) {
        requestCount.incrementAndGet();
        if (recordLast == 0) {
            return;
        }
        synchronized (received) {
            if (received.size() == recordLast) {
                received.removeFirst();
            }
            received.addLast(request);
        }
    }

    private void route(Call call) throws IOException {
        String path = call.path();
        if (call.method().equals("POST")) {
            if (path.endsWith("/chat/completions")) {
                chat(call, openAi);
            } else if (path.equals("/v1/messages")) {
                chat(call, anthropic);
            } else if (GeminiProtocol.isStreamPath(path)) {
                chat(call, gemini);
            } else if (path.equals("/api/chat")) {
                chat(call, ollama);
            } else {
                notFound(call);
            }
        } else if (call.method().equals("GET")) {
            if (path.equals("/v1beta/models")) {
                list(call, gemini);
            } else if (path.equals("/api/tags")) {
                list(call, ollama);
            } else if (path.endsWith("/models")) {
                boolean anthropicClient = call.header("x-api-key") != null || call.header("anthropic-version") != null;
                list(call, anthropicClient ? anthropic : openAi);
            } else {
                notFound(call);
            }
        } else {
            notFound(call);
        }
    }

    private void chat(Call call, Protocol protocol) throws IOException {
        if (!authorized(call, protocol)) {
            return;
        }
        Map<String, Object> request = call.json();
        if (request == null) {
            protocol.error(call, 400, "The request body is not a JSON object.");
            return;
        }
        String model = protocol.model(call);
        Script script = Script.parse(model);
        int attempt = attempts.computeIfAbsent(model, name -> new AtomicInteger()).incrementAndGet();
        boolean flaky = attempt <= script.flaky();
        int status = flaky ? 429 : script.status();
        if (status != 0) {
            if (status == 429) {
                call.responseHeader("Retry-After", "1");
            }
            protocol.error(call, status, flaky
                    ? "Simulated rate limit (request " + attempt + " of the first " + script.flaky() + ")."
                    : "Simulated HTTP " + status + ".");
            return;
        }
        Reply reply = new Reply(script, protocol.wantsThinking(request) ? script.think() : 0,
                protocol.maxTokens(request), call.promptTokens(), protocol.images(request));
        openStreams.incrementAndGet();
        try {
            reply.streamTo(protocol.replyTo(call, model));
        } finally {
            openStreams.decrementAndGet();
        }
    }

    private void list(Call call, Protocol protocol) throws IOException {
        if (authorized(call, protocol)) {
            protocol.listModels(call, listing);
        }
    }

    private static boolean authorized(Call call, Protocol protocol) throws IOException {
        String key = protocol.key(call);
        if (key == null ? protocol.keyRequired() : key.startsWith("bad")) {
            protocol.unauthorized(call, key);
            return false;
        }
        return true;
    }

    private static void notFound(Call call) throws IOException {
        call.json(404, "{\"error\":{\"code\":404,\"message\":" + Json.quote("The simulator has no "
                + call.method() + " " + call.path()) + ",\"status\":\"NOT_FOUND\"}}");
    }
}
