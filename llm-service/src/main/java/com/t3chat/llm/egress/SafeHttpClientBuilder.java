package com.t3chat.llm.egress;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/**
 * What a langchain4j model builder takes as {@code httpClientBuilder(...)}: the model sets its timeouts, then builds
 * a client that goes through {@link SafeHttpClients}' pools and policy. Get one from {@link SafeHttpClients#builder()}.
 * Mutable, like every langchain4j client builder: one per model.
 */
public final class SafeHttpClientBuilder implements HttpClientBuilder {

    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final SafeHttpClients clients;
    private final Duration defaultConnectTimeout;
    private Duration connectTimeout;
    private Duration readTimeout;

    SafeHttpClientBuilder(SafeHttpClients clients, Duration connectTimeout) {
        this.clients = clients;
        this.defaultConnectTimeout = connectTimeout;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public SafeHttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    /** The longest silence between two bytes of a response (so a stream may last longer than this). */
    @Override
    public SafeHttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        return new SafeHttpClient(clients, connectTimeout == null ? defaultConnectTimeout : connectTimeout,
                readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout);
    }
}
