package com.t3chat.llm.egress;

import dev.langchain4j.http.client.HttpRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;

/**
 * The HTTP clients all provider traffic goes through, for one {@link EgressPolicy}: hand {@link #builder()} to a
 * langchain4j model builder's {@code httpClientBuilder(...)}. Every client built shares this object's connection
 * pools; close it (the Spring bean does) to close them.
 *
 * <p>Two pools of {@link ClassicTransport} (Apache HttpClient 5 classic, blocking I/O on virtual threads, HTTP/1.1):
 * a guarded one whose DNS resolution and sockets enforce the policy, and a direct one for the operator's endpoints
 * and the allow-listed destinations. Pooled connections are kept per host and port, so a connection opened for an
 * allow-listed destination never serves another. When the policy is not enforced (the operator's endpoints), https
 * destinations are reached by {@link Http2Transport} instead, so that many streams share one HTTP/2 connection where
 * the server takes it (the direct pool carries the rest); {@code http2StreamsPerHost} 0 turns that off. User URLs,
 * allow-listed ones included, always take the classic pools: only they can check the address connected to (ADR 0007).
 *
 * <p>Redirects are never followed, nothing is retried (but the JDK re-sends once a request its server never
 * processed, see {@link Http2Transport}), no cookies are kept, no proxy from the environment is used, nothing is
 * compressed. Nothing here logs a header or a body; keep Apache's own
 * {@code org.apache.hc.client5.http.headers} and {@code ...wire} loggers (and {@code org.apache.hc.core5.http2.frame})
 * below DEBUG, and leave the JDK's {@code jdk.httpclient.HttpClient.log} unset (they would print API keys).
 */
public final class SafeHttpClients implements AutoCloseable {

    /** The bean for base URLs users supply: the policy is enforced. */
    public static final String FOR_USER_URLS = "userUrlHttpClients";
    /** The bean for the operator's configured provider endpoints: trusted, nothing is refused. */
    public static final String FOR_OPERATOR_ENDPOINTS = "operatorHttpClients";

    private final EgressPolicy policy;
    private final Pools pools;
    private final ClassicTransport direct;
    private final ClassicTransport guarded;
    private final Http2Transport http2;

    /**
     * How the pools are sized and waited for.
     *
     * @param connectTimeout        the connect timeout of clients whose model sets none
     * @param poolWait              how long a call waits for a free connection before {@link PoolBusyException}
     * @param maxConnectionsPerHost exchanges (each open stream is one) open at once per host and port, whatever carries
     *                              them: over HTTP/1.1 each holds a connection, over HTTP/2 a stream
     * @param maxConnectionsByHost  {@code host:port} (lower case) → its own limit instead
     * @param http2StreamsPerHost   how many of them may share the HTTP/2 connection to one of the operator's https
     *                              endpoints; the rest go over HTTP/1.1. 0: none, the operator's endpoints too are
     *                              reached over HTTP/1.1 only
     */
    public record Pools(Duration connectTimeout, Duration poolWait, int maxConnectionsPerHost,
            Map<String, Integer> maxConnectionsByHost, int http2StreamsPerHost) {

        /** Streams on one HTTP/2 connection: the least {@code SETTINGS_MAX_CONCURRENT_STREAMS} RFC 9113 advises. */
        public static final int DEFAULT_HTTP2_STREAMS = 100;

        public Pools {
            maxConnectionsByHost = Map.copyOf(maxConnectionsByHost);
            if (http2StreamsPerHost < 0) {
                throw new IllegalArgumentException("http2StreamsPerHost must be 0 or more, not " + http2StreamsPerHost);
            }
        }

        /** With {@link #DEFAULT_HTTP2_STREAMS}. */
        public Pools(Duration connectTimeout, Duration poolWait, int maxConnectionsPerHost,
                Map<String, Integer> maxConnectionsByHost) {
            this(connectTimeout, poolWait, maxConnectionsPerHost, maxConnectionsByHost, DEFAULT_HTTP2_STREAMS);
        }

        int maxTotal() {
            int largest = maxConnectionsByHost.values().stream().mapToInt(Integer::intValue)
                    .reduce(maxConnectionsPerHost, Math::max);
            return (int) Math.min(Integer.MAX_VALUE, 4L * largest);
        }
    }

    /** Pools with {@code maxConnectionsPerHost} everywhere and a 30 s pool wait. */
    public SafeHttpClients(EgressPolicy policy, Duration connectTimeout, int maxConnectionsPerHost) {
        this(policy, new Pools(connectTimeout, Duration.ofSeconds(30), maxConnectionsPerHost, Map.of()));
    }

    public SafeHttpClients(EgressPolicy policy, Pools pools) {
        this(policy, pools, InetAddress::getAllByName);
    }

    SafeHttpClients(EgressPolicy policy, Duration connectTimeout, int maxConnectionsPerHost,
            ConnectGuard.Lookup lookup) {
        this(policy, new Pools(connectTimeout, Duration.ofSeconds(30), maxConnectionsPerHost, Map.of()), lookup);
    }

    SafeHttpClients(EgressPolicy policy, Pools pools, ConnectGuard.Lookup lookup) {
        this(policy, pools, lookup, null);
    }

    /** With {@code trust} (tests only: a server with a certificate of the test's own) instead of the system's. */
    SafeHttpClients(EgressPolicy policy, Pools pools, SSLContext trust) {
        this(policy, pools, InetAddress::getAllByName, trust);
    }

    /** @param trust what server certificates are trusted; null for the system's */
    private SafeHttpClients(EgressPolicy policy, Pools pools, ConnectGuard.Lookup lookup, SSLContext trust) {
        this.policy = policy;
        this.pools = pools;
        var tls = trust == null ? DefaultClientTlsStrategy.createSystemDefault() : new DefaultClientTlsStrategy(trust);
        this.direct = new ClassicTransport(proxy -> new Socket(), SystemDefaultDnsResolver.INSTANCE, tls, pools);
        ConnectGuard guard = new ConnectGuard(policy, lookup);
        this.guarded = policy.enforced() ? new ClassicTransport(guard, guard, tls, pools) : null;
        this.http2 = policy.enforced() || pools.http2StreamsPerHost() == 0 ? null
                : new Http2Transport(trust, pools, direct);
    }

    /** A new builder (builders are mutable: take one per model, never share one). */
    public SafeHttpClientBuilder builder() {
        return new SafeHttpClientBuilder(this, pools.connectTimeout());
    }

    public EgressPolicy policy() {
        return policy;
    }

    /** How long a call waits for a free connection. */
    Duration poolWait() {
        return pools.poolWait();
    }

    /**
     * Sends the request, if the policy lets it go to its URL, by the way its destination is reached.
     *
     * @throws EgressRefusedException when the URL, its name or its address is refused
     * @throws PoolBusyException      when the destination has as many exchanges open as it may
     */
    Exchange open(HttpRequest request, RequestConfig config) throws IOException {
        URI url = url(request.url());
        policy.check(url).ifPresent(reason -> {
            throw new EgressRefusedException(url.getHost(), reason);
        });
        String host = EgressPolicy.hostOf(url);
        int port = EgressPolicy.portOf(url);
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        var target = new HttpHost(scheme, host, port);
        String destination = host + ":" + port;
        var apacheRequest = ApacheRequests.of(request, url, config);
        if (http2 != null && scheme.equals(URIScheme.HTTPS.id)) {
            return http2.open(destination, target, apacheRequest);
        }
        ClassicTransport transport = guarded == null || policy.allowListed(host, port) ? direct : guarded;
        return transport.open(destination, target, apacheRequest);
    }

    private static URI url(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new EgressRefusedException(null, "it is not a valid URL");
        }
    }

    /** The direct routes (plain and TLS) a {@code host:port} is reached by, as Apache's route planner makes them. */
    static List<HttpRoute> routesTo(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, got '" + hostAndPort + "'");
        }
        String host = hostAndPort.substring(0, colon);
        int port = Integer.parseInt(hostAndPort.substring(colon + 1));
        return List.of(new HttpRoute(new HttpHost(URIScheme.HTTP.id, host, port), null, false),
                new HttpRoute(new HttpHost(URIScheme.HTTPS.id, host, port), null, true));
    }

    @Override
    public void close() {
        if (http2 != null) {
            http2.close();
        }
        direct.close();
        if (guarded != null) {
            guarded.close();
        }
    }
}
