package com.t3chat.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RefusalProblemHandlerTest {

    private final EmbeddedChannel channel =
            new EmbeddedChannel(new RefusalProblemHandler(new ProblemWriter(JsonMapper.builder().build())));

    private FullHttpResponse sent(FullHttpResponse response) {
        channel.writeOutbound(response);
        return channel.readOutbound();
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.buffer(0));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
        return response;
    }

    @Test
    void nettysEmptyRefusalsGetAProblemBody() {
        var answer = sent(empty(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE));

        assertThat(answer.status().code()).isEqualTo(431);
        assertThat(answer.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(answer.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        String body = answer.content().toString(StandardCharsets.UTF_8);
        assertThat(answer.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(answer.content().readableBytes());
        assertThat(body).contains("\"type\":\"urn:t3chat:problem:request-header-fields-too-large\"", "\"status\":431");
        answer.release();
    }

    @Test
    void aBadRequestIsRequestRejectedAndATooLongUrlUriTooLong() {
        assertThat(sent(empty(HttpResponseStatus.BAD_REQUEST)).content().toString(StandardCharsets.UTF_8))
                .contains("urn:t3chat:problem:request-rejected");
        assertThat(sent(empty(HttpResponseStatus.REQUEST_URI_TOO_LONG)).content().toString(StandardCharsets.UTF_8))
                .contains("urn:t3chat:problem:uri-too-long");
    }

    @Test
    void answersWithABodyATypeOrASuccessStatusPassUnchanged() {
        var problem = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
        assertThat(sent(problem)).isSameAs(problem);

        var typed = empty(HttpResponseStatus.NOT_FOUND);
        typed.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        assertThat(sent(typed)).isSameAs(typed);

        var noContent = empty(HttpResponseStatus.NO_CONTENT);
        assertThat(sent(noContent)).isSameAs(noContent);
        var serverError = empty(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(sent(serverError)).isSameAs(serverError);
    }
}
