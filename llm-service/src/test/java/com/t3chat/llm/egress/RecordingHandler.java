package com.t3chat.llm.egress;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a streamed reply handed its handler: the partial texts, the errors, and its end (tests subclass it). */
public class RecordingHandler implements StreamingChatResponseHandler {

    public final List<String> partials = new CopyOnWriteArrayList<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();
    public final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        partials.add(partial.text());
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
        errors.add(error);
        done.completeExceptionally(error);
    }
}
