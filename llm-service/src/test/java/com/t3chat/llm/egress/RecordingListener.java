package com.t3chat.llm.egress;

import static java.util.concurrent.TimeUnit.SECONDS;

import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A stream listener that keeps what it is told, for the tests to wait on. */
class RecordingListener implements ServerSentEventListener {

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<SuccessfulHttpResponse> opened = new CompletableFuture<>();
    private final CompletableFuture<ServerSentEventContext> context = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Throwable> firstError = new CompletableFuture<>();

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
        opened.complete(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
        this.context.complete(context);
        events.add(event.data());
    }

    @Override
    public void onError(Throwable error) {
        errors.add(error);
        firstError.complete(error);
    }

    @Override
    public void onClose() {
        closed.complete(null);
    }

    /** The next event's data, waiting up to 5 s for it. */
    String nextEvent() throws InterruptedException {
        String event = events.poll(5, SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 5 s");
        }
        return event;
    }

    ServerSentEventContext context() throws Exception {
        return context.get(5, SECONDS);
    }

    SuccessfulHttpResponse opened() {
        return opened.getNow(null);
    }

    Throwable awaitError() throws Exception {
        return firstError.get(5, SECONDS);
    }

    void awaitClose() throws Exception {
        closed.get(5, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    List<Throwable> errors() {
        return errors;
    }
}
