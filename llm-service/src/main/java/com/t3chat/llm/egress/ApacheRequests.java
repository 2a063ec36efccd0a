package com.t3chat.llm.egress;

import dev.langchain4j.http.client.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * A langchain4j request as an Apache one: same method, URL, headers and body (JSON text, or multipart form data for
 * uploads). Headers that describe the body's framing or the connection are left to the transport, as the JDK client
 * leaves them to the JDK (HTTP/2 forbids the connection-specific ones outright).
 */
final class ApacheRequests {

    private static final Set<String> TRANSPORT_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "te");

    private ApacheRequests() {
    }

    static HttpUriRequestBase of(HttpRequest request, URI url, RequestConfig config) {
        var apacheRequest = new HttpUriRequestBase(request.method().name(), url);
        boolean multipart = !request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty();
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (header.getValue() == null || TRANSPORT_HEADERS.contains(name)
                    || (multipart && name.equals("content-type"))) {
                continue;
            }
            header.getValue().forEach(value -> apacheRequest.addHeader(header.getKey(), value));
        }
        if (multipart) {
            apacheRequest.setEntity(multipart(request));
        } else if (request.body() != null) {
            // no content type from the entity: the caller's Content-Type header is the one sent
            apacheRequest.setEntity(new ByteArrayEntity(request.body().getBytes(StandardCharsets.UTF_8), null));
        }
        apacheRequest.setConfig(config);
        return apacheRequest;
    }

    private static HttpEntity multipart(HttpRequest request) {
        var form = MultipartEntityBuilder.create()
                .setMode(HttpMultipartMode.LEGACY) // names as browsers send them: UTF-8, not percent-encoded
                .setContentType(ContentType.create("multipart/form-data"))
                .setCharset(StandardCharsets.UTF_8);
        request.formDataFields().forEach((name, value) ->
                form.addTextBody(name, value, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
        request.formDataFiles().forEach((name, file) -> form.addBinaryBody(name, file.content(),
                file.contentType() == null ? ContentType.APPLICATION_OCTET_STREAM
                        : ContentType.parseLenient(file.contentType()),
                file.fileName()));
        return form.build();
    }
}
