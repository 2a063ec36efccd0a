package com.t3chat.platform.problem;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Gives a body to the empty 4xx answers that reactor-netty and Spring's adapter send for requests they refuse
 * before any of our code runs: a request line or header the HTTP decoder cannot read (400), a URL over
 * {@code server.netty.max-initial-line-length} (414), headers over {@code server.max-http-request-header-size}
 * (431), a URI Spring cannot parse (400). It sits right after the HTTP codec and rewrites an outgoing full
 * response that is a 4xx with no body and no {@code Content-Type} into problem+json; every answer our handlers
 * write already has a body, so nothing else changes. (reactor-netty offers no hook for these answers; a channel
 * handler is what its maintainers suggest, reactor/reactor-netty#3327.)
 */
@ChannelHandler.Sharable
public class RefusalProblemHandler extends ChannelOutboundHandlerAdapter {

    /** The handler's name in the channel pipeline. */
    public static final String NAME = "t3chat.refusalProblems";

    private final ProblemWriter problems;

    public RefusalProblemHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof FullHttpResponse response && isEmptyRefusal(response)) {
            byte[] body = problems.toJson(problemFor(response.status().code()));
            FullHttpResponse withBody = response.replace(Unpooled.wrappedBuffer(body));
            response.release();
            withBody.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.write(withBody, promise);
            return;
        }
        super.write(ctx, msg, promise);
    }

    static boolean isEmptyRefusal(FullHttpResponse response) {
        int status = response.status().code();
        return status >= 400 && status < 500
                && !response.content().isReadable()
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
    }

    static ProblemDetail problemFor(int status) {
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        if (status == HttpStatus.URI_TOO_LONG.value()) {
            return ProblemTypes.problem(code, "The address (URL) is too long.");
        }
        if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value()) {
            return ProblemTypes.problem(code, "The request's headers are too large.");
        }
        if (status == HttpStatus.BAD_REQUEST.value()) {
            return ProblemTypes.problem(code, ProblemTypes.REQUEST_REJECTED,
                    "The request is malformed and was refused before it reached the service.");
        }
        return ProblemTypes.problem(code, "The request was refused.");
    }
}
