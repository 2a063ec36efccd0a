package com.t3chat.llm.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncServerExchangeHandler;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.ResponseChannel;
import org.apache.hc.core5.http.nio.ssl.BasicServerTlsStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.reactor.ListenerEndpoint;

/**
 * A TLS destination on 127.0.0.1 (httpcore5's async server, the {@link TestCertificate}) that either offers HTTP/2 by
 * ALPN or speaks only HTTP/1.1 (no ALPN at all, like an old server), and records the protocol and the client
 * connection of every request and how many connections were opened. Replies are scripted in blocking style on a
 * virtual thread per request, like {@link TargetServer}'s.
 */
final class TlsTargetServer implements AutoCloseable {

    /** What a request looked like from here. Header names are lower case. */
    record Request(String path, ProtocolVersion protocol, SocketAddress client, Map<String, String> headers,
            String body) {
    }

    @FunctionalInterface
    interface Script {

        void run(Request request, Reply reply) throws Exception;
    }

    static {
        // The JDK client announces SETTINGS_MAX_CONCURRENT_STREAMS 0 when it takes no server pushes (RFC 9113 allows
        // it; real servers take it), and httpcore5 5.3's server closes such a connection. Our client takes no pushes
        // whatever this says: it only lets this test server be reached.
        System.setProperty("jdk.httpclient.maxstreams", "100");
    }

    private final HttpAsyncServer server;
    private final int port;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private TlsTargetServer(boolean offersHttp2, int maxConcurrentStreams) {
        var bootstrap = H2ServerBootstrap.bootstrap()
                .setH2Config(H2Config.custom().setMaxConcurrentStreams(maxConcurrentStreams).build())
                .setCanonicalHostName("127.0.0.1") // else requests to 127.0.0.1 are 421, not this server's name
                .setVersionPolicy(offersHttp2 ? HttpVersionPolicy.NEGOTIATE : HttpVersionPolicy.FORCE_HTTP_1)
                .setTlsStrategy(offersHttp2 ? new H2ServerTlsStrategy(TestCertificate.identity())
                        : new BasicServerTlsStrategy(TestCertificate.identity()))
                .setIOSessionListener(new ConnectionCounter())
                .register("*", Handler::new);
        server = bootstrap.create();
        server.start();
        try {
            ListenerEndpoint endpoint = server.listen(new InetSocketAddress("127.0.0.1", 0), URIScheme.HTTPS).get();
            port = ((InetSocketAddress) endpoint.getAddress()).getPort();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server that offers {@code h2} (and {@code http/1.1}) by ALPN, with 250 streams per connection. */
    static TlsTargetServer http2() {
        return http2(250);
    }

    /** A server that offers {@code h2} by ALPN and takes at most {@code maxConcurrentStreams} on a connection. */
    static TlsTargetServer http2(int maxConcurrentStreams) {
        return new TlsTargetServer(true, maxConcurrentStreams);
    }

    /** A server that speaks HTTP/1.1 only and does no ALPN. */
    static TlsTargetServer http1Only() {
        return new TlsTargetServer(false, 250);
    }

    TlsTargetServer handle(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    String url(String path) {
        return "https://127.0.0.1:" + port + path;
    }

    int port() {
        return port;
    }

    List<Request> requests() {
        return requests;
    }

    /** TCP connections clients have opened to this server. */
    int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }

    /** The response, as the script writes it. */
    static final class Reply {

        private final ResponseChannel channel;
        private final HttpContext context;
        private final Queue<ByteBuffer> pending = new ConcurrentLinkedQueue<>();
        private final CountDownLatch gone = new CountDownLatch(1);
        private volatile DataStreamChannel data;
        private volatile boolean produced;
        private volatile boolean ending;
        private volatile boolean ended;

        private Reply(ResponseChannel channel, HttpContext context) {
            this.channel = channel;
            this.context = context;
        }

        void head(int status, String contentType) throws HttpException, IOException {
            var response = new BasicHttpResponse(status);
            response.addHeader("Content-Type", contentType);
            channel.sendResponse(response, new BasicEntityDetails(-1, ContentType.parse(contentType)), context);
        }

        void send(String text) {
            pending.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            wake();
        }

        void event(String data) {
            send("data: " + data + "\n\n");
        }

        void end() {
            ending = true;
            wake();
        }

        /** A whole response with a body. */
        void respond(int status, String contentType, String body) throws HttpException, IOException {
            head(status, contentType);
            send(body);
            end();
        }

        /** Whether the client reset the stream or closed the connection within {@code wait}. */
        boolean awaitGone(Duration wait) throws InterruptedException {
            return gone.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean isGone() {
            return gone.getCount() == 0;
        }

        private void wake() {
            DataStreamChannel known = data;
            if (known != null) {
                known.requestOutput();
            }
        }

        private int available() {
            // until the first produce the channel to wake is unknown: ask for it once
            return !produced || !pending.isEmpty() || (ending && !ended) ? 1 : 0;
        }

        private void produce(DataStreamChannel channel) throws IOException {
            data = channel;
            produced = true;
            for (ByteBuffer next = pending.peek(); next != null; next = pending.peek()) {
                channel.write(next);
                if (next.hasRemaining()) {
                    return;
                }
                pending.poll();
            }
            if (ending && !ended) {
                ended = true;
                channel.endStream();
            }
        }

        private void failed() {
            gone.countDown();
        }

        private void released() {
            if (!ended) {
                gone.countDown();
            }
        }
    }

    private final class Handler implements AsyncServerExchangeHandler {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private HttpRequest request;
        private HttpContext context;
        private Reply reply;

        @Override
        public void handleRequest(HttpRequest request, EntityDetails entity, ResponseChannel channel,
                HttpContext context) {
            this.request = request;
            this.context = context;
            this.reply = new Reply(channel, context);
            if (entity == null) {
                dispatch();
            }
        }

        @Override
        public void updateCapacity(CapacityChannel channel) throws IOException {
            channel.update(Integer.MAX_VALUE);
        }

        @Override
        public void consume(ByteBuffer src) {
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            synchronized (body) {
                body.writeBytes(bytes);
            }
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) {
            dispatch();
        }

        @Override
        public int available() {
            return reply == null ? 0 : reply.available();
        }

        @Override
        public void produce(DataStreamChannel channel) throws IOException {
            reply.produce(channel);
        }

        @Override
        public void failed(Exception cause) {
            if (reply != null) {
                reply.failed();
            }
        }

        @Override
        public void releaseResources() {
            if (reply != null) {
                reply.released();
            }
        }

        private void dispatch() {
            Map<String, String> headers = new TreeMap<>();
            for (Header header : request.getHeaders()) {
                headers.put(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            HttpCoreContext core = HttpCoreContext.cast(context);
            String text;
            synchronized (body) {
                text = body.toString(StandardCharsets.UTF_8);
            }
            var seen = new Request(request.getPath(), core.getProtocolVersion(),
                    core.getEndpointDetails().getRemoteAddress(), headers, text);
            requests.add(seen);
            String path = seen.path().contains("?") ? seen.path().substring(0, seen.path().indexOf('?'))
                    : seen.path();
            Script script = scripts.getOrDefault(path, (r, out) -> out.respond(404, "text/plain", "no script"));
            Thread.ofVirtual().start(() -> {
                try {
                    script.run(seen, reply);
                } catch (Exception e) {
                    reply.failed();
                }
            });
        }
    }

    private final class ConnectionCounter implements IOSessionListener {

        @Override
        public void connected(IOSession session) {
            connections.incrementAndGet();
        }

        @Override
        public void startTls(IOSession session) {
        }

        @Override
        public void inputReady(IOSession session) {
        }

        @Override
        public void outputReady(IOSession session) {
        }

        @Override
        public void timeout(IOSession session) {
        }

        @Override
        public void exception(IOSession session, Exception e) {
        }

        @Override
        public void disconnected(IOSession session) {
        }
    }
}
