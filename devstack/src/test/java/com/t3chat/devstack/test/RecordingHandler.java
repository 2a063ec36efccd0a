package com.t3chat.devstack.test;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Records what a langchain4j streaming client reports, in order. */
final class RecordingHandler implements StreamingChatResponseHandler {

    final List<String> partials = new CopyOnWriteArrayList<>();
    final List<String> thinking = new CopyOnWriteArrayList<>();
    /** {@code "partial"}, {@code "thinking"}, {@code "complete"}, {@code "error"}, as they came. */
    final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ChatResponse response;
    private volatile Throwable error;

    @Override
    public void onPartialResponse(String partialResponse) {
        partials.add(partialResponse);
        events.add("partial");
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
        thinking.add(partialThinking.text());
        events.add("thinking");
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        response = completeResponse;
        events.add("complete");
        ended.countDown();
    }

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
        events.add("error");
        ended.countDown();
    }

    /** Waits for the first {@code onCompleteResponse} or {@code onError}. */
    RecordingHandler awaitEnd() throws InterruptedException {
        assertThat(ended.await(10, TimeUnit.SECONDS)).as("the client ended the stream").isTrue();
        return this;
    }

    ChatResponse response() {
        assertThat(error).as("error").isNull();
        assertThat(response).as("complete response").isNotNull();
        return response;
    }

    Throwable error() {
        assertThat(error).as("error").isNotNull();
        return error;
    }

    String text() {
        return String.join("", partials);
    }
}
