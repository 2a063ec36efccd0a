package com.t3chat.llm.egress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP/2 to the operator's https endpoints: the JDK's {@link HttpClient} offers {@code h2} by ALPN and puts every
 * exchange to a destination on one connection as its own stream (HTTP/1.1 when the server does not take it), so a
 * thousand replies to a provider are a few connections, not a thousand. Apache's async client was tried first and
 * shares a new connection only after its first exchange ended, and closes the shared connection when one exchange
 * is cancelled (httpclient5 5.5.2 and 5.6.5; fixed only in 5.7 alphas). The JDK cannot guard the addresses it connects
 * to, so user URLs never come here (ADR 0007), and plain {@code http://} stays on {@link ClassicTransport} (no h2c).
 *
 * <p>Limits: {@link StreamPermits} counts every exchange to the destination against its per-host limit, however it
 * is carried (past it, {@link PoolBusyException} after the pool wait); {@link Http2Destinations} caps the streams on
 * the JDK's connection, and whatever finds the cap reached, or is refused a stream by the server's own limit, or goes
 * to a server known to speak only HTTP/1.1, is carried by the classic pool instead.
 *
 * <p>Differences from the classic transport: the connect timeout is this client's one (the pools' default, whatever
 * a model sets), and the JDK retries once a request the server never processed (connection refused, a stream refused,
 * a {@code GOAWAY} before it): never one the server may have acted on. No cookies, no redirects, no proxy, no
 * compression, as there.
 */
final class Http2Transport implements AutoCloseable {

    /** The JDK's only sign that the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} is reached (nothing was sent). */
    private static final String NO_FREE_STREAM = "too many concurrent streams";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final ClassicTransport overflow;
    private final StreamPermits permits;
    private final Http2Destinations destinations;
    private final Duration connectTimeout;

    /**
     * @param trust    what server certificates are trusted; null for the system's
     * @param overflow what carries the exchanges that do not go over HTTP/2
     */
    Http2Transport(SSLContext trust, SafeHttpClients.Pools pools, ClassicTransport overflow) {
        var builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(pools.connectTimeout())
                .executor(executor); // only hands data over: a virtual thread each is plenty
        if (trust != null) {
            builder.sslContext(trust);
        }
        this.client = builder.build();
        this.overflow = overflow;
        this.permits = new StreamPermits(pools.maxConnectionsPerHost(), pools.maxConnectionsByHost(),
                pools.poolWait());
        this.destinations = new Http2Destinations(pools.http2StreamsPerHost(), pools.connectTimeout());
        this.connectTimeout = pools.connectTimeout();
    }

    /**
     * Sends {@code request} (its {@code RequestConfig} set) and returns once the response's head is in.
     *
     * @param destination {@code host:port}, lower case: the key of per-host limits, and what messages name
     * @throws PoolBusyException when the destination had as many exchanges open as it may for the pool wait
     */
    Exchange open(String destination, HttpHost target, HttpUriRequestBase request) throws IOException {
        Runnable permit = permits.acquire(destination);
        try {
            Exchange exchange = overHttp2(destination, request);
            if (exchange == null) {
                exchange = overflow.open(destination, target, request);
            }
            return exchange.alsoReleasing(permit);
        } catch (IOException | RuntimeException e) {
            permit.run();
            throw e;
        }
    }

    /** The exchange over the JDK client, or null when it is to take the classic pool. */
    private Exchange overHttp2(String destination, HttpUriRequestBase request) throws IOException {
        Http2Destinations.Stream stream = destinations.stream(destination);
        if (stream == null) {
            return null;
        }
        try {
            RequestConfig config = request.getConfig();
            Duration readTimeout = config.getResponseTimeout().toDuration();
            Duration headWithin = connectTimeoutOf(config).plus(readTimeout);
            HttpResponse<TimedBody> response = client.send(JdkRequests.of(request, headWithin),
                    head -> new TimedBody(readTimeout));
            stream.answered(response.version());
            TimedBody body = response.body();
            return new Exchange(response.statusCode(), response.headers().map(), body, body::abort, stream::close);
        } catch (HttpTimeoutException e) {
            stream.close();
            throw timedOut(e);
        } catch (IOException e) {
            stream.close();
            if (NO_FREE_STREAM.equals(e.getMessage())) {
                return null;
            }
            throw e;
        } catch (InterruptedException e) {
            stream.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a response from " + destination);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    @SuppressWarnings("deprecation") // the per-request connect timeout the model set, as the classic transport uses
    private Duration connectTimeoutOf(RequestConfig config) {
        Timeout timeout = config.getConnectTimeout();
        return timeout == null ? connectTimeout : timeout.toDuration();
    }

    /** A timeout as the classic transport reports one, so that callers know a single kind. */
    private static SocketTimeoutException timedOut(HttpTimeoutException e) {
        var timeout = new SocketTimeoutException(e.getMessage());
        timeout.initCause(e);
        return timeout;
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
