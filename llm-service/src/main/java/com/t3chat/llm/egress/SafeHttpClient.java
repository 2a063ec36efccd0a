package com.t3chat.llm.egress;

import static dev.langchain4j.http.client.sse.ServerSentEventListenerUtils.ignoringExceptions;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The langchain4j {@link HttpClient} over {@link SafeHttpClients}: behaves like langchain4j's JDK client (non-2xx is
 * an {@link HttpException} with the body, timeouts are {@link TimeoutException}s, streams report to their listener),
 * with the policy enforced, redirects returned rather than followed, and error bodies cut at 8 KB.
 *
 * <p>Each stream runs on a virtual thread of its own, so a slow provider ties up no shared pool. A stream is
 * cancelled by closing the body its parser reads, which ends its exchange at once: an HTTP/1.1 connection is closed,
 * an HTTP/2 stream is reset and its connection serves the others on (see {@link StreamBody}).
 * Unlike the JDK client, a stream that failed is not also closed ({@code onClose} is where langchain4j completes a
 * reply), and every failure, refusals included, reaches the listener's {@code onError} rather than the caller.
 */
final class SafeHttpClient implements HttpClient {

    private static final ThreadFactory STREAMS = Thread.ofVirtual().name("egress-stream-", 0).factory();

    private final SafeHttpClients clients;
    private final RequestConfig config;

    /**
     * @param connectTimeout how long opening a connection may take
     * @param readTimeout    the longest silence between two bytes of a response
     * (the wait for a free pooled connection is the pools' own {@code poolWait}, whatever the model sets)
     */
    @SuppressWarnings("deprecation") // per-request connect timeout: still honoured, the alternative is per route
    SafeHttpClient(SafeHttpClients clients, Duration connectTimeout, Duration readTimeout) {
        this.clients = clients;
        this.config = RequestConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setConnectionRequestTimeout(Timeout.of(clients.poolWait()))
                .setResponseTimeout(Timeout.of(readTimeout))
                .setRedirectsEnabled(false)
                .build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try (Exchange exchange = open(request)) {
            if (!exchange.successful()) {
                throw new HttpException(exchange.status(), exchange.errorBody());
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(exchange.status())
                    .headers(exchange.headers())
                    .body(exchange.wholeBody())
                    .build();
        } catch (SocketTimeoutException e) { // a read timeout, or Apache's ConnectTimeoutException
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        STREAMS.newThread(() -> stream(request, parser, listener)).start();
    }

    private void stream(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener caller) {
        var listener = new StreamListener(caller);
        try (Exchange exchange = open(request)) {
            if (!exchange.successful()) {
                listener.onError(new HttpException(exchange.status(), exchange.errorBody()));
                return;
            }
            listener.onOpen(SuccessfulHttpResponse.builder()
                    .statusCode(exchange.status())
                    .headers(exchange.headers())
                    .build());
            try (InputStream body = new StreamBody(exchange.body(), exchange::abort)) {
                parser.parse(body, listener);
            }
            listener.onClose();
        } catch (IOException | RuntimeException e) {
            listener.onError(e);
        }
    }

    /** Opens the exchange; a wait for a free connection that timed out is a {@link PoolBusyException}. */
    private Exchange open(HttpRequest request) throws IOException {
        return clients.open(request, config);
    }

    /**
     * The caller's listener, shielded: its exceptions are logged and ignored (as langchain4j does), timeouts reach it
     * as {@link TimeoutException}s whoever saw them (the parser reports read errors itself), and a stream ends in
     * exactly one of {@code onError} or {@code onClose}, so a failed stream is never also completed.
     */
    private static final class StreamListener implements ServerSentEventListener {

        private final ServerSentEventListener caller;
        private volatile boolean failed;

        StreamListener(ServerSentEventListener caller) {
            this.caller = caller;
        }

        @Override
        public void onOpen(SuccessfulHttpResponse response) {
            ignoringExceptions(() -> caller.onOpen(response));
        }

        // the caller gets an event it cannot keep the text of (see ForgetfulEvent)
        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            var handed = new ForgetfulEvent(event);
            ignoringExceptions(() -> caller.onEvent(handed, context));
            handed.forget();
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            var handed = new ForgetfulEvent(event);
            ignoringExceptions(() -> caller.onEvent(handed));
            handed.forget();
        }

        @Override
        public void onError(Throwable error) {
            if (!failed) {
                failed = true;
                Throwable reported = error instanceof SocketTimeoutException ? new TimeoutException(error) : error;
                ignoringExceptions(() -> caller.onError(reported));
            }
        }

        @Override
        public void onClose() {
            if (!failed) {
                ignoringExceptions(caller::onClose);
            }
        }
    }
}
