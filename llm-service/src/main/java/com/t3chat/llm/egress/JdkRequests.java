package com.t3chat.llm.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * A request made by {@link ApacheRequests} as one for the JDK client: the same method, URL, headers and body bytes.
 * Built from the Apache request, not from langchain4j's, so that what is sent (which headers are left out, how a form
 * is encoded) is decided in one place whichever transport carries it.
 */
final class JdkRequests {

    /** Headers the JDK sets itself and refuses from a caller. */
    private static final Set<String> SET_BY_THE_JDK = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private JdkRequests() {
    }

    /** @param timeout how long the response head may take to arrive, connecting included */
    static HttpRequest of(HttpUriRequestBase request, Duration timeout) throws IOException {
        HttpRequest.Builder jdk;
        try {
            jdk = HttpRequest.newBuilder(request.getUri()).timeout(timeout);
        } catch (URISyntaxException e) {
            throw new IOException("not a URL: " + request.getRequestUri(), e);
        }
        for (Header header : request.getHeaders()) {
            if (!SET_BY_THE_JDK.contains(header.getName().toLowerCase(Locale.ROOT))) {
                jdk.header(header.getName(), header.getValue());
            }
        }
        HttpEntity entity = request.getEntity();
        if (entity == null) {
            return jdk.method(request.getMethod(), BodyPublishers.noBody()).build();
        }
        if (entity.getContentType() != null && !request.containsHeader(HttpHeaders.CONTENT_TYPE)) {
            jdk.header(HttpHeaders.CONTENT_TYPE, entity.getContentType()); // a form's, with its boundary
        }
        var body = new ByteArrayOutputStream();
        entity.writeTo(body);
        return jdk.method(request.getMethod(), BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
