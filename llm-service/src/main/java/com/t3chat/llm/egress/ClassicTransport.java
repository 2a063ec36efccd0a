package com.t3chat.llm.egress;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * Apache HttpClient 5 classic: blocking I/O on the stream's virtual thread, HTTP/1.1 only, one connection per open
 * exchange, pooled per host and port. Chosen for its two hooks, a {@link DnsResolver} and a socket factory, which
 * together let {@link ConnectGuard} see the address actually connected to (ADR 0007). What is done with a response
 * lives in {@link Exchange}, apart from the transport, which {@link Http2Transport} shares.
 */
final class ClassicTransport implements AutoCloseable {

    private final CloseableHttpClient client;
    private final Duration poolWait;

    ClassicTransport(DetachedSocketFactory sockets, DnsResolver dns, TlsSocketStrategy tls,
            SafeHttpClients.Pools pools) {
        var operator = new DefaultHttpClientConnectionOperator(sockets, DefaultSchemePortResolver.INSTANCE, dns,
                RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
        // LAX: a lock per route instead of one for the whole pool (STRICT), so a thousand streams to one host do not
        // queue on a single lock for every lease and release; per-route limits still hold
        var connections = new PoolingHttpClientConnectionManager(operator, PoolConcurrencyPolicy.LAX,
                PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, ManagedHttpClientConnectionFactory.INSTANCE);
        connections.setDefaultMaxPerRoute(pools.maxConnectionsPerHost());
        connections.setMaxTotal(pools.maxTotal());
        pools.maxConnectionsByHost().forEach((hostAndPort, max) -> {
            for (HttpRoute route : SafeHttpClients.routesTo(hostAndPort)) {
                connections.setMaxPerRoute(route, max);
            }
        });
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
        this.poolWait = pools.poolWait();
    }

    /**
     * Sends {@code request} (its {@code RequestConfig} set) and returns once the response's head is in.
     *
     * @param destination {@code host:port}, what a {@link PoolBusyException} names
     * @throws PoolBusyException when no connection to the destination became free within the pool wait
     */
    Exchange open(String destination, HttpHost target, HttpUriRequestBase request) throws IOException {
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(target, request, null);
        } catch (ConnectionRequestTimeoutException e) {
            throw new PoolBusyException(destination, poolWait, e);
        }
        InputStream body = response.getEntity() == null ? InputStream.nullInputStream()
                : response.getEntity().getContent();
        // cancelling closes the connection, unless the body was read to its end (then it is back in the pool)
        return new Exchange(response.getCode(), headers(response), body, request::cancel, () -> close(response));
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        return headers;
    }

    private static void close(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
