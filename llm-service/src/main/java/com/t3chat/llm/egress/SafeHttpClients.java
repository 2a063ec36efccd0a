package com.t3chat.llm.egress;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * The HTTP clients all provider traffic goes through, for one {@link EgressPolicy}: hand {@link #builder()} to a
 * langchain4j model builder's {@code httpClientBuilder(...)}. Every client built shares this object's connection
 * pools; close it (the Spring bean does) to close them.
 *
 * <p>Two pools: a guarded one whose DNS resolution and sockets enforce the policy, and a direct one for the
 * operator's endpoints and the allow-listed destinations. Pooled connections are kept per host and port, so a
 * connection opened for an allow-listed destination never serves another.
 *
 * <p>Built on Apache HttpClient 5 (classic, blocking I/O on virtual threads) for its two hooks: a {@link DnsResolver}
 * and a socket factory, which together see the address actually connected to. Redirects are never followed, nothing
 * is retried, no cookies are kept, no proxy from the environment is used. Nothing here logs a header or a body;
 * keep Apache's own {@code org.apache.hc.client5.http.headers} and {@code ...wire} loggers below DEBUG (they would
 * print API keys).
 */
public final class SafeHttpClients implements AutoCloseable {

    /** The bean for base URLs users supply: the policy is enforced. */
    public static final String FOR_USER_URLS = "userUrlHttpClients";
    /** The bean for the operator's configured provider endpoints: trusted, nothing is refused. */
    public static final String FOR_OPERATOR_ENDPOINTS = "operatorHttpClients";

    private final EgressPolicy policy;
    private final Pools pools;
    private final CloseableHttpClient direct;
    private final CloseableHttpClient guarded;

    /**
     * How the pools are sized and waited for.
     *
     * @param connectTimeout        the connect timeout of clients whose model sets none
     * @param poolWait              how long a call waits for a free connection before {@link PoolBusyException}
     * @param maxConnectionsPerHost open connections (each open stream holds one) per host and port
     * @param maxConnectionsByHost  {@code host:port} (lower case) → its own limit instead
     */
    public record Pools(Duration connectTimeout, Duration poolWait, int maxConnectionsPerHost,
            Map<String, Integer> maxConnectionsByHost) {

        public Pools {
            maxConnectionsByHost = Map.copyOf(maxConnectionsByHost);
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
        this.policy = policy;
        this.pools = pools;
        this.direct = apacheClient(proxy -> new Socket(), SystemDefaultDnsResolver.INSTANCE, pools);
        ConnectGuard guard = new ConnectGuard(policy, lookup);
        this.guarded = policy.enforced() ? apacheClient(guard, guard, pools) : null;
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

    /** The pool for a destination that passed {@link EgressPolicy#check(java.net.URI)}. */
    CloseableHttpClient clientFor(String host, int port) {
        return guarded == null || policy.allowListed(host, port) ? direct : guarded;
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
        direct.close(CloseMode.GRACEFUL);
        if (guarded != null) {
            guarded.close(CloseMode.GRACEFUL);
        }
    }

    private static CloseableHttpClient apacheClient(DetachedSocketFactory sockets, DnsResolver dns, Pools pools) {
        var operator = new DefaultHttpClientConnectionOperator(sockets, DefaultSchemePortResolver.INSTANCE, dns,
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createSystemDefault())
                        .build());
        // LAX: a lock per route instead of one for the whole pool (STRICT), so a thousand streams to one host do not
        // queue on a single lock for every lease and release; per-route limits still hold
        var connections = new PoolingHttpClientConnectionManager(operator, PoolConcurrencyPolicy.LAX,
                PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, ManagedHttpClientConnectionFactory.INSTANCE);
        connections.setDefaultMaxPerRoute(pools.maxConnectionsPerHost());
        connections.setMaxTotal(pools.maxTotal());
        pools.maxConnectionsByHost().forEach((hostAndPort, max) -> {
            for (HttpRoute route : routesTo(hostAndPort)) {
                connections.setMaxPerRoute(route, max);
            }
        });
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }
}
