package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.llm.generation.ProviderStream.Token;
import com.t3chat.llm.generation.ReplyOutcome.Cut;
import com.t3chat.llm.provider.ResilienceProperties;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One reply being generated, as a pipeline: its models' tries ({@link ReplyAttempts}: timeouts, breaker, retries
 * before the first token, the fallback), cut by the user's stop, a failure from outside or the maximum duration,
 * sent as deltas ({@link DeltaStream}), reduced to its {@link ReplyOutcome} and recorded ({@link ReplyEnds}) —
 * exactly once, with the text so far. Nothing here is locked: a stop or a failure only completes the cut, and the
 * pipeline ends on its own threads.
 */
final class Generation {

    private static final Logger log = LoggerFactory.getLogger(Generation.class);

    /** The model to try when the reply's model failed before its first token. */
    interface Fallback {

        /** The fallback's call, or empty if there is none (or it is the model that failed). */
        Mono<Optional<ModelCall>> after(String failedModelId);
    }

    /**
     * What every reply's pipeline shares.
     *
     * @param deltas sends a delta and answers its acknowledgement
     * @param timer  runs the coalescer's flushes and the maximum-duration timer
     */
    record Setup(Function<ReplyDelta, CompletableFuture<?>> deltas, GenerationProperties properties,
            ResilienceProperties resilience, Scheduler timer) {
    }

    private final CompletableFuture<Cut> cut = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private Generation() {
    }

    /**
     * Starts generating at once, off the caller's thread.
     *
     * @param call the reply's model, or null when it is refused (then only a {@link #fail} ends it)
     */
    static Generation start(ReplyRequested request, ModelCall call, Fallback fallback, ReplyEnds ends, Setup setup) {
        var generation = new Generation();
        generation.run(request, call, fallback, ends, setup);
        return generation;
    }

    /** The user stopped the reply: cancel the model, keep the text so far. */
    void stop() {
        cut.complete(Cut.STOP);
    }

    /** The reply cannot go on (no key, over a limit, shutdown): fail it with a reason a user can read. */
    void fail(String reason) {
        cut.complete(Cut.failed(reason));
    }

    /** Completes once the reply's end is recorded (or could not be). */
    CompletableFuture<Void> ended() {
        return ended;
    }

    private void run(ReplyRequested request, ModelCall call, Fallback fallback, ReplyEnds ends, Setup setup) {
        GenerationProperties properties = setup.properties();
        Flux<Token> tokens = call == null ? Flux.never()
                : new ReplyAttempts(request.replyId(), setup.resilience(), fallback).from(call);
        Cut tooLong = Cut.failed("The reply took longer than " + properties.maxDuration().toMinutes()
                + " minutes and was cut off.");
        Mono<Cut> cutOff = Mono.fromFuture(cut, true)
                .or(Mono.delay(properties.maxDuration(), setup.timer()).map(tick -> tooLong)
                        .doOnNext(cut::complete));
        new DeltaStream(request, call, setup.deltas(), properties.delta(), setup.timer())
                .send(tokens.takeUntilOther(cutOff))
                .flatMap(streamed -> {
                    ReplyOutcome outcome = ReplyOutcome.of(request, streamed, cut.getNow(null));
                    if (streamed.error() instanceof ReplyAttempts.AfterFirstToken) {
                        // provider messages are not logged: they may echo parts of the request
                        log.warn("Reply {} with {} failed mid-stream: {}", request.replyId(), outcome.model(),
                                streamed.error().getCause().getClass().getSimpleName());
                    }
                    return ends.record(request, outcome, streamed.lastDelta())
                            .doOnSuccess(recorded -> log.debug("Reply {} {}: {} deltas", request.replyId(),
                                    outcome.status(), outcome.lastSeq()));
                })
                .subscribe(null, error -> {
                    log.error("Reply {} ended but its end could not be recorded", request.replyId(), error);
                    ended.complete(null);
                }, () -> ended.complete(null));
    }
}
