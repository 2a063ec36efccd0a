package com.t3chat.gateway.body;

import com.t3chat.platform.problem.ProblemTypes;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Limits every request body at the edge: {@code POST /api/attachments} may carry the largest file plus its multipart
 * envelope, every other request {@code t3chat.request-body.max-size}. A {@code Content-Length} over the limit is
 * refused before the body is read (a client that waits for {@code 100 Continue} sends none of it); any other body
 * is counted as it streams through to the service, and the moment it passes the limit the forwarding stops (the
 * service's half-sent request is aborted), the client gets the {@code 413} and the connection is closed, so nothing
 * more of the body is read or forwarded. Runs before the security chain.
 */
@Component
class RequestBodyLimitFilter implements WebFilter, Ordered {

    static final URI PAYLOAD_TOO_LARGE = ProblemTypes.of("payload-too-large");
    static final URI FILE_TOO_LARGE = ProblemTypes.of("file-too-large");
    static final String UPLOADS = "/api/attachments";
    /** Before Spring Security's chain (-100). */
    static final int ORDER = -200;

    private final BodyLimit everyRequest;
    private final BodyLimit uploads;

    RequestBodyLimitFilter(RequestBodyProperties body, UploadProperties upload) {
        this.everyRequest = BodyLimit.ofRequest(body.maxSize(), PAYLOAD_TOO_LARGE);
        this.uploads = BodyLimit.ofUpload(upload.maxFileSize(), body.uploadEnvelope(), FILE_TOO_LARGE);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        BodyLimit limit = limitFor(request);
        if (request.getHeaders().getContentLength() > limit.bytes()) {
            return Mono.error(limit.exceeded());
        }
        return chain.filter(exchange.mutate().request(new LimitedBody(request, limit)).build());
    }

    BodyLimit limitFor(ServerHttpRequest request) {
        return HttpMethod.POST.equals(request.getMethod()) && UPLOADS.equals(request.getPath().value()) ? uploads
                : everyRequest;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The request, its body failing with the limit's problem once it carries more than the limit allows. */
    private static final class LimitedBody extends ServerHttpRequestDecorator {

        private final BodyLimit limit;

        LimitedBody(ServerHttpRequest request, BodyLimit limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                long[] seen = {0};
                return super.getBody().handle((buffer, sink) -> {
                    seen[0] += buffer.readableByteCount();
                    if (seen[0] > limit.bytes()) {
                        DataBufferUtils.release(buffer);
                        sink.error(limit.exceeded());
                    } else {
                        sink.next(buffer);
                    }
                });
            });
        }
    }
}
