package com.t3chat.llm.provider;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP client builder whose clients send {@code Authorization: Bearer <key>} on every request: how an Ollama
 * behind an authenticating proxy is reached. langchain4j's Ollama chat model takes custom headers but its model
 * listing ({@code OllamaModels}) does not, so the header is added here, once, for both: the key check then sends
 * exactly what the chat requests send.
 */
final class BearerHttpClientBuilder implements HttpClientBuilder {

    private final HttpClientBuilder delegate;
    private final String key;

    private BearerHttpClientBuilder(HttpClientBuilder delegate, String key) {
        this.delegate = delegate;
        this.key = key;
    }

    /** {@code delegate} itself when there is no key (a keyless Ollama gets no Authorization header). */
    static HttpClientBuilder ofKey(HttpClientBuilder delegate, String key) {
        return key == null || key.isBlank() ? delegate : new BearerHttpClientBuilder(delegate, key);
    }

    @Override
    public Duration connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        delegate.connectTimeout(timeout);
        return this;
    }

    @Override
    public Duration readTimeout() {
        return delegate.readTimeout();
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        delegate.readTimeout(timeout);
        return this;
    }

    @Override
    public HttpClient build() {
        HttpClient client = delegate.build();
        return new HttpClient() {
            @Override
            public SuccessfulHttpResponse execute(HttpRequest request) {
                return client.execute(withKey(request));
            }

            @Override
            public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
                client.execute(withKey(request), parser, listener);
            }
        };
    }

    private HttpRequest withKey(HttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!"Authorization".equalsIgnoreCase(name)) {
                headers.put(name, values);
            }
        });
        headers.put("Authorization", List.of("Bearer " + key));
        var copy = HttpRequest.builder()
                .method(request.method())
                .url(request.url())
                .headers(headers)
                .body(request.body());
        if (request.formDataFields() != null && !request.formDataFields().isEmpty()) {
            copy.formDataFields(request.formDataFields());
        }
        if (request.formDataFiles() != null && !request.formDataFiles().isEmpty()) {
            copy.formDataFiles(request.formDataFiles());
        }
        return copy.build();
    }
}
