package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.contracts.llm.Usage;
import com.t3chat.llm.generation.DeltaCoalescer.Piece;
import com.t3chat.llm.generation.Replies.Status;
import com.t3chat.llm.model.Tokens;
import com.t3chat.llm.provider.ProviderErrors;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.resilience4j.retry.Retry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.RetryBackoffSpec;

/**
 * One reply being generated: tries its model (again, with backoff, on a retryable failure before the first token;
 * then the fallback model if there is one), sends the tokens as coalesced deltas (seq 1, 2, …; answer text and
 * reasoning), and ends exactly once — completed, stopped, or failed — with the whole text. Memory is the text so
 * far plus the coalescer's small buffer. State changes happen under this object's lock (tokens, the flush timer, a
 * stop, retries and the watchdog arrive on different threads); Kafka sends are issued under it, so deltas leave in
 * seq order.
 */
final class Generation {

    private static final Logger log = LoggerFactory.getLogger(Generation.class);

    private final ReplyRequested request;
    private final DeltaPublisher deltas;
    private final Replies replies;
    private final Scheduler timer;
    private final DeltaCoalescer coalescer;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final long startedAt = System.nanoTime();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Runnable onEnded;
    private final BiFunction<Status, String, Mono<Void>> alsoInTransaction;
    private final Function<String, Optional<ModelCall>> fallback;
    private final Function<String, Retry.AsyncContext<Object>> retries;
    private final Duration recordFor;
    private ModelCall call;
    private Retry.AsyncContext<Object> retry;
    private Attempt attempt;
    private String notice;
    private long seq;
    private long firstDeltaAt;
    private volatile long lastActivityAt = startedAt;
    private volatile long attemptStartedAt = startedAt;
    private boolean finished;
    private Disposable flushTimer;
    private Disposable retryTimer;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    /**
     * @param fallback the fallback model's call when {@code call}'s model failed before its first token (given
     *                 the failed model's id), or empty
     * @param retries  a fresh retry state for a model (given its id)
     */
    Generation(ReplyRequested request, ModelCall call, DeltaPublisher deltas, Replies replies, Scheduler timer,
            GenerationProperties properties, Function<String, Optional<ModelCall>> fallback,
            Function<String, Retry.AsyncContext<Object>> retries, Runnable onEnded,
            BiFunction<Status, String, Mono<Void>> alsoInTransaction) {
        this.request = request;
        this.call = call;
        this.deltas = deltas;
        this.replies = replies;
        this.timer = timer;
        this.coalescer = new DeltaCoalescer(properties.delta());
        this.recordFor = properties.recordFor();
        this.fallback = fallback;
        this.retries = retries;
        this.retry = call == null ? null : retries.apply(call.model().id());
        this.onEnded = onEnded;
        this.alsoInTransaction = alsoInTransaction;
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

    /** How long the current try has waited for its first token, or zero once it has one. */
    synchronized Duration waitingForFirstToken() {
        return finished || seq > 0 || (attempt != null && attempt.started) || retryTimer != null ? Duration.ZERO
                : Duration.ofNanos(System.nanoTime() - attemptStartedAt);
    }

    // ------------------------------------------------------------------ from the service

    /** Starts the first try. */
    synchronized void begin() {
        startAttempt();
    }

    /** The user stopped the reply: cancel the model, keep the text so far. */
    void stop() {
        end(Status.STOPPED, ReplyCompleted.STOPPED, null, null, null);
    }

    /** The reply cannot go on (no key, over a limit, timeout, shutdown): fail it with a reason a user can read. */
    void fail(String reason) {
        end(Status.FAILED, null, null, null, reason);
    }

    /** The current try sent nothing in time: a failure before the first token (retried like others). */
    void firstTokenTimedOut(Duration after) {
        Attempt current;
        synchronized (this) {
            current = attempt;
        }
        if (current != null) {
            current.abandon();
            attemptFailed(current, new ProviderErrors.FirstTokenTimeout(after));
        }
    }

    // ------------------------------------------------------------------ tries

    private void startAttempt() {
        attemptStartedAt = System.nanoTime();
        lastActivityAt = attemptStartedAt;
        Attempt next = new Attempt(call);
        attempt = next;
        if (call.breaker() != null && !call.breaker().tryAcquirePermission()) {
            timer.schedule(() -> attemptFailed(next, io.github.resilience4j.circuitbreaker.CallNotPermittedException
                    .createCallNotPermittedException(call.breaker())));
            return;
        }
        ModelCall current = call;
        Schedulers.boundedElastic().schedule(() -> { // a client may resolve names or block before it streams
            try {
                current.chatModel().chat(current.request(), next);
            } catch (RuntimeException e) {
                next.onError(e);
            }
        });
    }

    /** A try failed before its first token: try again after a backoff, else the fallback model, else fail. */
    private void attemptFailed(Attempt failed, Throwable error) {
        String reason = ProviderErrors.reason(error);
        synchronized (this) {
            if (finished || failed != attempt) {
                return;
            }
            attempt = null;
            if (failed.call.breaker() != null && !(error instanceof
                    io.github.resilience4j.circuitbreaker.CallNotPermittedException)) {
                failed.call.breaker().onError(failed.elapsedNanos(), TimeUnit.NANOSECONDS, error);
            }
            long delay = retry.onError(error);
            if (delay >= 0) {
                log.info("Reply {}: {} failed before its first token ({}); trying again in {} ms", request.replyId(),
                        failed.call.model().id(), error.getClass().getSimpleName(), delay);
                retryTimer = timer.schedule(() -> {
                    synchronized (this) {
                        retryTimer = null;
                        if (!finished) {
                            startAttempt();
                        }
                    }
                }, delay, TimeUnit.MILLISECONDS);
                return;
            }
        }
        log.warn("Reply {} with {} failed before its first token: {}", request.replyId(), failed.call.model().id(),
                error.getClass().getSimpleName());
        if (ProviderErrors.poolBusy(error)) { // our own connections are all in use: no other model would fare better
            fail(reason);
            return;
        }
        // preparing the fallback reads keys and limits (blocking): never on the caller's (maybe non-blocking) thread
        Schedulers.boundedElastic().schedule(() -> switchToFallback(failed, reason));
    }

    private void switchToFallback(Attempt failed, String reason) {
        Optional<ModelCall> next;
        try {
            next = notice == null ? fallback.apply(failed.call.model().id()) : Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Reply {}: the fallback model could not be prepared: {}", request.replyId(), e.toString());
            next = Optional.empty();
        }
        synchronized (this) {
            if (finished) {
                return;
            }
            if (next.isPresent()) {
                notice = failed.call.model().displayName() + " failed before answering (" + reason.replaceAll("\\.$", "")
                        + "), so " + next.get().model().displayName() + " answered instead.";
                call = next.get();
                retry = retries.apply(call.model().id());
                startAttempt();
                return;
            }
        }
        fail(reason);
    }

    private synchronized void onToken(Attempt from, String token, boolean isReasoning, StreamingHandle handle) {
        if (finished || from != attempt) {
            handle.cancel(); // a stale try (timed out, or the reply ended) that still produced something
            return;
        }
        from.handle = handle;
        if (!from.started) {
            from.started = true;
            if (from.call.breaker() != null) {
                from.call.breaker().onSuccess(from.elapsedNanos(), TimeUnit.NANOSECONDS);
            }
        }
        lastActivityAt = System.nanoTime();
        if (token == null || token.isEmpty()) {
            return;
        }
        (isReasoning ? reasoning : text).append(token);
        Piece piece = coalescer.add(token, isReasoning, lastActivityAt);
        if (piece != null) {
            send(piece);
        }
        if (coalescer.hasPending() && flushTimer == null) {
            scheduleFlush(coalescer.nanosUntilDue(lastActivityAt));
        }
    }

    private void onComplete(Attempt from, ChatResponse response) {
        synchronized (this) {
            if (finished || from != attempt) {
                return;
            }
        }
        TokenUsage usage = response.tokenUsage();
        Long input = usage != null && usage.inputTokenCount() != null ? Long.valueOf(usage.inputTokenCount()) : null;
        Integer output = usage != null ? usage.outputTokenCount() : null;
        FinishReason reason = response.finishReason();
        if (reason == null) { // the stream ended without saying why: cut off (a provider always says why)
            log.warn("Reply {} with {}: the stream ended without a finish reason", request.replyId(), from.call.model().id());
            end(Status.FAILED, null, input, output, ProviderErrors.BROKE_OFF);
        } else if (reason == FinishReason.CONTENT_FILTER) {
            end(Status.FAILED, null, input, output, ProviderErrors.FILTERED);
        } else {
            end(Status.COMPLETED, reason == FinishReason.LENGTH ? ReplyCompleted.LENGTH : ReplyCompleted.FINISHED,
                    input, output, null);
        }
    }

    private void onError(Attempt from, Throwable error) {
        boolean beforeFirstToken;
        synchronized (this) {
            if (finished || from != attempt) { // e.g. the stream we cancelled reports that it was closed
                log.debug("Reply {}: late error of an ended try ignored: {}", request.replyId(), error.getClass());
                return;
            }
            beforeFirstToken = !from.started;
        }
        if (beforeFirstToken) {
            attemptFailed(from, error);
            return;
        }
        if (from.call.breaker() != null) {
            from.call.breaker().onError(from.elapsedNanos(), TimeUnit.NANOSECONDS, error);
        }
        // provider messages are not logged: they may echo parts of the request
        log.warn("Reply {} with {} failed mid-stream: {}", request.replyId(), from.call.model().id(),
                error.getClass().getSimpleName());
        end(Status.FAILED, null, null, null, ProviderErrors.reason(error));
    }

    // ------------------------------------------------------------------ internals

    private synchronized void flushDue() {
        flushTimer = null;
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        Piece piece = coalescer.flushIfDue(now);
        if (piece != null) {
            send(piece);
        } else if (coalescer.hasPending()) {
            scheduleFlush(coalescer.nanosUntilDue(now));
        }
    }

    private void scheduleFlush(long delayNanos) {
        flushTimer = timer.schedule(this::flushDue, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    private void send(Piece piece) {
        seq++;
        if (seq == 1) {
            firstDeltaAt = System.nanoTime();
        }
        // a derived id and no timestamp: no random number or clock read per delta (consumers order by seq)
        var event = new ReplyDelta(ReplyDelta.idFor(request.replyId(), seq), null, request.chatId(),
                request.replyId(), seq, piece.reasoning() ? "" : piece.text(), piece.reasoning() ? piece.text() : null);
        try {
            lastSend = deltas.send(event);
        } catch (RuntimeException e) { // a delta is ephemeral: the completion carries the whole text
            log.warn("Delta {} of reply {} not sent: {}", seq, request.replyId(), e.toString());
        }
    }

    /** Ends the reply once: flushes the buffer, then (after the deltas are acknowledged) records the outcome. */
    private void end(Status status, String finishReason, Long reportedInput, Integer reportedOutput, String failure) {
        CompletableFuture<?> deltasSent;
        String fullText;
        String fullReasoning;
        long lastSeq;
        ModelCall used;
        String madeWith;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            for (Disposable timerTask : new Disposable[] {flushTimer, retryTimer}) {
                if (timerTask != null) {
                    timerTask.dispose();
                }
            }
            flushTimer = null;
            retryTimer = null;
            if (attempt != null && status != Status.COMPLETED) {
                attempt.abandon();
            }
            Piece rest = coalescer.drain(System.nanoTime());
            if (rest != null) {
                send(rest);
            }
            deltasSent = lastSend;
            fullText = text.toString();
            fullReasoning = reasoning.isEmpty() ? null : reasoning.toString();
            lastSeq = seq;
            used = call;
            madeWith = notice;
        }
        long inputTokens = reportedInput != null ? reportedInput : used == null ? 0 : used.promptTokens();
        long outputTokens = reportedOutput != null ? reportedOutput
                : Tokens.estimate(fullText) + Tokens.estimate(fullReasoning);
        String model = used == null ? request.model() : used.model().id();
        BigDecimal cost = used == null || used.model().price() == null ? BigDecimal.ZERO
                : used.model().price().cost(inputTokens, outputTokens);
        var event = failure == null
                ? new ReplyCompleted(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(), model,
                        finishReason, new Usage(inputTokens, outputTokens), fullText, lastSeq, fullReasoning, madeWith)
                : new ReplyFailed(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(), failure,
                        fullText, lastSeq, fullReasoning);
        String type = failure == null ? ReplyCompleted.TYPE : ReplyFailed.TYPE;
        // the final event must not overtake the last delta: wait for its acknowledgement (or its failure)
        deltasSent.handle((ok, error) -> null)
                .thenCompose(ignored -> Mono.defer(() -> replies.finish(request.replyId(), status, finishReason,
                                        model, inputTokens, outputTokens, cost, type, event,
                                        alsoInTransaction.apply(status, fullText)))
                        .timeout(RECORD_TRY_TIMEOUT)
                        .retryWhen(RECORD_RETRY.doBeforeRetry(retry -> {
                            if (retry.totalRetries() == 0) {
                                log.warn("Reply {} ended ({}) but its end cannot be recorded yet ({}); retrying for "
                                        + "up to {}", request.replyId(), status, retry.failure().toString(), recordFor);
                            }
                        }))
                        .timeout(recordFor)
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

    /**
     * The end of a reply is retried until the database is back (bounded by {@code recordFor}): one try at a time,
     * on a timer thread, never on an event loop; what waits is this one reply's text, and no new reply is claimed
     * while the database is down, so the memory held is bounded by the replies that were in flight.
     */
    private static final RetryBackoffSpec RECORD_RETRY = reactor.util.retry.Retry.backoff(Long.MAX_VALUE,
            Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5));
    private static final Duration RECORD_TRY_TIMEOUT = Duration.ofSeconds(10);

    /** One try of one model: forwards its callbacks while it is the current try; a stale try is cancelled. */
    private final class Attempt implements StreamingChatResponseHandler {

        private final ModelCall call;
        private final long startedAt = System.nanoTime();
        private volatile StreamingHandle handle;
        private volatile boolean started;

        Attempt(ModelCall call) {
            this.call = call;
        }

        long elapsedNanos() {
            return System.nanoTime() - startedAt;
        }

        /** Cancels the model's stream if it has begun (before its first token there is no handle yet). */
        void abandon() {
            StreamingHandle current = handle;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            onToken(this, partial.text(), false, context.streamingHandle());
        }

        @Override
        public void onPartialResponse(String partial) {
            onToken(this, partial, false, NO_HANDLE);
        }

        @Override
        public void onPartialThinking(PartialThinking thinking, PartialThinkingContext context) {
            onToken(this, thinking.text(), true, context.streamingHandle());
        }

        @Override
        public void onPartialThinking(PartialThinking thinking) {
            onToken(this, thinking.text(), true, NO_HANDLE);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            onComplete(this, response);
        }

        @Override
        public void onError(Throwable error) {
            Generation.this.onError(this, error);
        }
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
