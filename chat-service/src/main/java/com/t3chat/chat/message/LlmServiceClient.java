package com.t3chat.chat.message;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.GetExchange;
import reactor.core.publisher.Mono;

/**
 * What chat-service asks llm-service over HTTP, on the caller's behalf (with the caller's bearer token). An
 * {@code @HttpExchange} interface: the proxy is made in {@link LlmServiceClientConfiguration}.
 */
interface LlmServiceClient {

    /** The models the caller may use: the catalogue plus what the caller's own endpoints list. */
    @GetExchange("/api/models")
    Mono<Models> models(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization);

    /** The part of llm-service's {@code GET /api/models} answer this service reads (unknown members ignored). */
    record Models(List<Model> items) {

        record Model(String id) {
        }
    }
}
