package com.t3chat.llm.egress;

import dev.langchain4j.http.client.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;

/**
 * One request sent and its response, open until closed. Bodies are read with limits: an endpoint (a user's, at
 * least) must not be able to make this server buffer without end. Closing aborts the connection unless the body was
 * read to its end, because Apache would otherwise read the rest of the body first.
 */
final class Exchange implements AutoCloseable {

    /** How much of an error body is read and passed on in the {@code HttpException}. */
    static final int MAX_ERROR_BODY = 8 * 1024;
    /** The largest whole response read into memory: far above any chat, catalogue or embedding answer. */
    static final int MAX_BODY = 32 * 1024 * 1024;

    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;

    private Exchange(HttpUriRequestBase request, ClassicHttpResponse response) {
        this.request = request;
        this.response = response;
    }

    /**
     * Sends the request, if the policy lets it go to its URL.
     *
     * @throws EgressRefusedException when the URL, its name or its address is refused
     */
    static Exchange open(SafeHttpClients clients, HttpRequest request, RequestConfig config) throws IOException {
        URI url = url(request.url());
        clients.policy().check(url).ifPresent(reason -> {
            throw new EgressRefusedException(url.getHost(), reason);
        });
        String host = EgressPolicy.hostOf(url);
        int port = EgressPolicy.portOf(url);
        var apacheRequest = ApacheRequests.of(request, url, config);
        var target = new HttpHost(url.getScheme().toLowerCase(Locale.ROOT), host, port);
        return new Exchange(apacheRequest, clients.clientFor(host, port).executeOpen(target, apacheRequest, null));
    }

    int status() {
        return response.getCode();
    }

    boolean successful() {
        return status() >= 200 && status() < 300;
    }

    Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        return headers;
    }

    /** The body as it arrives (empty when there is none). */
    InputStream body() throws IOException {
        return response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
    }

    /** The start of an error body, as text; the rest is never read. */
    String errorBody() {
        try {
            return new String(body().readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(the error body could not be read: " + e.getMessage() + ")";
        }
    }

    /** The whole body, up to {@link #MAX_BODY}. */
    byte[] wholeBody() throws IOException {
        byte[] bytes = body().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new IOException("the response body is larger than " + MAX_BODY + " bytes");
        }
        return bytes;
    }

    /** Closes the connection now, from any thread; does nothing once the body was read to its end. */
    void abort() {
        request.cancel();
    }

    @Override
    public void close() {
        abort();
        try {
            response.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }

    private static URI url(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new EgressRefusedException(null, "it is not a valid URL");
        }
    }
}
