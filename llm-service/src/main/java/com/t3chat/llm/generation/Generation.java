package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.contracts.llm.Usage;
import com.t3chat.llm.generation.Replies.Status;
import com.t3chat.llm.model.Tokens;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * One reply being generated: receives the model's tokens, sends them as coalesced deltas (seq 1, 2, …), and ends
 * exactly once — completed, stopped, or failed — with the whole text. Memory is the text so far plus the
 * coalescer's small buffer. All state changes happen under this object's lock (tokens, the flush timer, a stop
 * and the watchdog arrive on different threads); Kafka sends are issued under it, so deltas leave in seq order.
 */
final class Generation implements StreamingChatResponseHandler {

    private static final Logger log = LoggerFactory.getLogger(Generation.class);

    private final ReplyRequested request;
    private final String model;
    private final long promptTokens;
    private final DeltaPublisher deltas;
    private final Replies replies;
    private final Scheduler timer;
    private final DeltaCoalescer coalescer;
    private final StringBuilder text = new StringBuilder();
    private final long startedAt = System.nanoTime();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Runnable onEnded;
    private long seq;
    private long firstDeltaAt;
    private volatile long lastActivityAt = startedAt;
    private boolean finished;
    private StreamingHandle handle;
    private Disposable flushTimer;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    Generation(ReplyRequested request, String model, long promptTokens, DeltaPublisher deltas, Replies replies,
            Scheduler timer, GenerationProperties properties, Runnable onEnded) {
        this.request = request;
        this.model = model;
        this.promptTokens = promptTokens;
        this.deltas = deltas;
        this.replies = replies;
        this.timer = timer;
        this.coalescer = new DeltaCoalescer(properties.flushInterval(), properties.flushChars());
        this.onEnded = onEnded;
    }

    /** Completes once the reply's end is recorded (or could not be), after {@code onEnded} ran. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - lastActivityAt);
    }

    Duration runningFor() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    // ------------------------------------------------------------------ from the model

    @Override
    public synchronized void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        if (finished) {
            context.streamingHandle().cancel();
            return;
        }
        handle = context.streamingHandle();
        lastActivityAt = System.nanoTime();
        String token = partial.text();
        if (token == null || token.isEmpty()) {
            return;
        }
        text.append(token);
        String delta = coalescer.add(token, lastActivityAt);
        if (delta != null) {
            send(delta);
        } else if (flushTimer == null) {
            scheduleFlush(coalescer.nanosUntilDue(lastActivityAt));
        }
    }

    @Override
    public void onPartialResponse(String partial) {
        // models that do not pass a context: no cancel handle, otherwise the same
        onPartialResponse(new PartialResponse(partial), new PartialResponseContext(NO_HANDLE));
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        long input = usage != null && usage.inputTokenCount() != null ? usage.inputTokenCount() : promptTokens;
        Integer output = usage != null ? usage.outputTokenCount() : null;
        FinishReason reason = response.finishReason();
        if (isFinished()) {
            return;
        }
        if (reason == null) { // the stream ended without saying why: cut off (a provider always says why)
            log.warn("Reply {} with {}: the stream ended without a finish reason", request.replyId(), model);
            end(Status.FAILED, null, input, output, ProviderErrors.BROKE_OFF);
        } else if (reason == FinishReason.CONTENT_FILTER) {
            end(Status.FAILED, null, input, output, ProviderErrors.FILTERED);
        } else {
            end(Status.COMPLETED, reason == FinishReason.LENGTH ? ReplyCompleted.LENGTH : ReplyCompleted.FINISHED,
                    input, output, null);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (isFinished()) { // e.g. the stream we cancelled reports that it was closed
            log.debug("Reply {} already ended; late error ignored: {}", request.replyId(), error.toString());
            return;
        }
        log.warn("Reply {} with {} failed: {}", request.replyId(), model, error.toString());
        end(Status.FAILED, null, promptTokens, null, ProviderErrors.reason(error));
    }

    // ------------------------------------------------------------------ from the service

    /** The user stopped the reply: cancel the model, keep the text so far. */
    void stop() {
        end(Status.STOPPED, ReplyCompleted.STOPPED, promptTokens, null, null);
    }

    /** The reply cannot go on (unknown model, timeout, shutdown): fail it with a reason a user can read. */
    void fail(String reason) {
        end(Status.FAILED, null, promptTokens, null, reason);
    }

    // ------------------------------------------------------------------ internals

    private synchronized boolean isFinished() {
        return finished;
    }

    private synchronized void flushDue() {
        flushTimer = null;
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        String delta = coalescer.flushIfDue(now);
        if (delta != null) {
            send(delta);
        } else if (coalescer.hasPending()) {
            scheduleFlush(coalescer.nanosUntilDue(now));
        }
    }

    private void scheduleFlush(long delayNanos) {
        flushTimer = timer.schedule(this::flushDue, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    private void send(String delta) {
        seq++;
        if (seq == 1) {
            firstDeltaAt = System.nanoTime();
        }
        var event = new ReplyDelta(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(), seq, delta);
        try {
            lastSend = deltas.send(event);
        } catch (RuntimeException e) { // a delta is ephemeral: the completion carries the whole text
            log.warn("Delta {} of reply {} not sent: {}", seq, request.replyId(), e.toString());
        }
    }

    /** Ends the reply once: flushes the buffer, then (after the deltas are acknowledged) records the outcome. */
    private void end(Status status, String finishReason, long inputTokens, Integer reportedOutput,
            String failure) {
        CompletableFuture<?> deltasSent;
        String fullText;
        long lastSeq;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (flushTimer != null) {
                flushTimer.dispose();
                flushTimer = null;
            }
            if (handle != null && status != Status.COMPLETED) {
                handle.cancel();
            }
            String rest = coalescer.drain(System.nanoTime());
            if (rest != null) {
                send(rest);
            }
            deltasSent = lastSend;
            fullText = text.toString();
            lastSeq = seq;
        }
        long outputTokens = reportedOutput != null ? reportedOutput : Tokens.estimate(fullText);
        var event = failure == null
                ? new ReplyCompleted(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(), model,
                        finishReason, new Usage(inputTokens, outputTokens), fullText, lastSeq)
                : new ReplyFailed(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(), failure,
                        fullText, lastSeq);
        String type = failure == null ? ReplyCompleted.TYPE : ReplyFailed.TYPE;
        ChatTitleGenerated title = failure == null && !fullText.isBlank()
                ? ChatTitles.forFirstReply(request.history())
                        .map(t -> new ChatTitleGenerated(UUID.randomUUID(), Instant.now(), request.chatId(),
                                request.replyId(), t))
                        .orElse(null)
                : null;
        // the final event must not overtake the last delta: wait for its acknowledgement (or its failure)
        deltasSent.handle((ok, error) -> null)
                .thenCompose(ignored -> replies.finish(request.replyId(), status, finishReason, inputTokens,
                                outputTokens, type, event, title)
                        .retryWhen(Retry.backoff(5, Duration.ofMillis(200)))
                        .toFuture())
                .whenComplete((recorded, error) -> {
                    if (error != null) {
                        log.error("Reply {} ended ({}) but its end could not be recorded", request.replyId(),
                                status, error);
                    } else if (log.isDebugEnabled()) {
                        log.debug("Reply {} {}: {} deltas, first after {} ms, {} ms in all", request.replyId(),
                                status, lastSeq, firstDeltaAt == 0 ? -1 : (firstDeltaAt - startedAt) / 1_000_000,
                                (System.nanoTime() - startedAt) / 1_000_000);
                    }
                    try {
                        onEnded.run();
                    } finally {
                        ended.complete(null);
                    }
                });
    }

    private static final StreamingHandle NO_HANDLE = new StreamingHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
