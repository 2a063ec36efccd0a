package com.t3chat.llm.egress;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.apache.hc.client5.http.DnsResolver;
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
    private final Duration connectTimeout;
    private final CloseableHttpClient direct;
    private final CloseableHttpClient guarded;

    /**
     * @param policy                what may be reached
     * @param connectTimeout        the connect timeout of clients whose model sets none
     * @param maxConnectionsPerHost open connections (each open stream holds one) per host and port
     */
    public SafeHttpClients(EgressPolicy policy, Duration connectTimeout, int maxConnectionsPerHost) {
        this(policy, connectTimeout, maxConnectionsPerHost, InetAddress::getAllByName);
    }

    SafeHttpClients(EgressPolicy policy, Duration connectTimeout, int maxConnectionsPerHost,
            ConnectGuard.Lookup lookup) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.direct = apacheClient(proxy -> new Socket(), SystemDefaultDnsResolver.INSTANCE, maxConnectionsPerHost);
        ConnectGuard guard = new ConnectGuard(policy, lookup);
        this.guarded = policy.enforced() ? apacheClient(guard, guard, maxConnectionsPerHost) : null;
    }

    /** A new builder (builders are mutable: take one per model, never share one). */
    public SafeHttpClientBuilder builder() {
        return new SafeHttpClientBuilder(this, connectTimeout);
    }

    public EgressPolicy policy() {
        return policy;
    }

    /** The pool for a destination that passed {@link EgressPolicy#check(java.net.URI)}. */
    CloseableHttpClient clientFor(String host, int port) {
        return guarded == null || policy.allowListed(host, port) ? direct : guarded;
    }

    @Override
    public void close() {
        direct.close(CloseMode.GRACEFUL);
        if (guarded != null) {
            guarded.close(CloseMode.GRACEFUL);
        }
    }

    private static CloseableHttpClient apacheClient(DetachedSocketFactory sockets, DnsResolver dns, int maxPerHost) {
        var operator = new DefaultHttpClientConnectionOperator(sockets, DefaultSchemePortResolver.INSTANCE, dns,
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createSystemDefault())
                        .build());
        var connections = new PoolingHttpClientConnectionManager(operator, PoolConcurrencyPolicy.STRICT,
                PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, ManagedHttpClientConnectionFactory.INSTANCE);
        connections.setDefaultMaxPerRoute(maxPerHost);
        connections.setMaxTotal(Math.multiplyExact(maxPerHost, 4));
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
