package com.t3chat.llm.generation;

import com.t3chat.llm.model.CatalogModel;
import com.t3chat.llm.provider.Credentials;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * What one model needs to write a reply: the langchain4j model built for the caller's credentials, the request
 * (the prompt trimmed to this model's window), and the provider endpoint's circuit breaker (null for the offline
 * model, which cannot fail).
 *
 * @param credentials null for the offline model
 */
record ModelCall(CatalogModel model, Credentials credentials, StreamingChatModel chatModel, ChatRequest request,
        CircuitBreaker breaker, long promptTokens) {

    String keySource() {
        return credentials == null ? "none" : credentials.source().id();
    }
}
