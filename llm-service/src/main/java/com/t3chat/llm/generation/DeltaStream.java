package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.llm.generation.DeltaCoalescer.Piece;
import com.t3chat.llm.generation.ProviderStream.Token;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A reply's tokens as deltas: coalesced ({@link DeltaCoalescer}), numbered 1, 2, … and sent in that order, the
 * whole text kept for the end. Tokens, the coalescer's flush timer and the end all run on one worker of the timer
 * scheduler (a worker runs its tasks one at a time, in order), so this state needs no lock. One use per reply.
 */
final class DeltaStream {

    private static final Logger log = LoggerFactory.getLogger(DeltaStream.class);

    private final ReplyRequested request;
    private final Function<ReplyDelta, CompletableFuture<?>> send;
    private final DeltaCoalescer coalescer;
    private final Scheduler.Worker worker;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private long seq;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    /** Until this is acknowledged, each delta is handed over only after the one before it is acknowledged. */
    private CompletableFuture<?> inOrderUntil = CompletableFuture.completedFuture(null);
    private Disposable flushTimer;
    private boolean done;
    private ModelCall call;
    private String notice;
    private ChatResponse end;

    /**
     * @param call the model that answers unless a fallback takes over (null when none is called)
     * @param send sends one delta and answers its acknowledgement
     */
    DeltaStream(ReplyRequested request, ModelCall call, Function<ReplyDelta, CompletableFuture<?>> send,
            GenerationProperties.Delta delta, Scheduler timer) {
        this.request = request;
        this.call = call;
        this.send = send;
        this.coalescer = new DeltaCoalescer(delta);
        this.worker = timer.createWorker();
    }

    /**
     * What was streamed once the tokens ended (completed, cut, or failed).
     *
     * @param lastDelta the last delta's acknowledgement (the reply's end must not overtake it)
     * @param end       the model's end, or null if it did not reach one
     * @param error     the failure that ended the tokens, or null
     */
    record Streamed(ModelCall call, String notice, String text, String reasoning, long lastSeq,
            CompletableFuture<?> lastDelta, ChatResponse end, Throwable error) {
    }

    Mono<Streamed> send(Flux<Token> tokens) {
        Scheduler serial = Schedulers.fromExecutor(worker::schedule);
        return tokens.publishOn(serial)
                .doOnNext(this::accept)
                .then(Mono.fromCallable(() -> finish(null)))
                .onErrorResume(e -> Mono.fromCallable(() -> finish(e)).subscribeOn(serial))
                .doFinally(signal -> worker.dispose());
    }

    private void accept(Token token) {
        switch (token) {
            case Token.Text(String piece) -> add(piece, false);
            case Token.Thinking(String piece) -> add(piece, true);
            case Token.End(ChatResponse response) -> end = response;
            case Token.Fallback(ModelCall next, String why) -> {
                call = next;
                notice = why;
            }
        }
    }

    private void add(String token, boolean isReasoning) {
        if (token == null || token.isEmpty()) {
            return;
        }
        (isReasoning ? reasoning : text).append(token);
        long now = System.nanoTime();
        Piece piece = coalescer.add(token, isReasoning, now);
        if (piece != null) {
            emit(piece);
        }
        if (coalescer.hasPending() && flushTimer == null) {
            scheduleFlush(coalescer.nanosUntilDue(now));
        }
    }

    private void flushDue() {
        flushTimer = null;
        if (done) {
            return;
        }
        long now = System.nanoTime();
        Piece piece = coalescer.flushIfDue(now);
        if (piece != null) {
            emit(piece);
        } else if (coalescer.hasPending()) {
            scheduleFlush(coalescer.nanosUntilDue(now));
        }
    }

    private void scheduleFlush(long delayNanos) {
        flushTimer = worker.schedule(this::flushDue, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    private void emit(Piece piece) {
        seq++;
        // a derived id and no timestamp: no random number or clock read per delta (consumers order by seq)
        var delta = new ReplyDelta(ReplyDelta.idFor(request.replyId(), seq), null, request.chatId(),
                request.replyId(), seq, piece.reasoning() ? "" : piece.text(), piece.reasoning() ? piece.text() : null);
        if (inOrderUntil.isDone()) {
            lastSend = sendNow(delta);
        } else {
            // the first delta goes by another producer than the later ones (DeltaPublisher): never overtake it
            lastSend = lastSend.handle((acked, failed) -> null).thenComposeAsync(acked -> sendNow(delta));
            inOrderUntil = lastSend;
        }
        if (seq == 1) {
            inOrderUntil = lastSend;
        }
    }

    private CompletableFuture<?> sendNow(ReplyDelta delta) {
        try {
            return send.apply(delta);
        } catch (RuntimeException e) { // a delta is ephemeral: the completion carries the whole text
            log.warn("Delta {} of reply {} not sent: {}", delta.seq(), request.replyId(), e.toString());
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Sends what is buffered and answers the totals; later flushes do nothing. */
    private Streamed finish(Throwable error) {
        done = true;
        if (flushTimer != null) {
            flushTimer.dispose();
            flushTimer = null;
        }
        Piece rest = coalescer.drain(System.nanoTime());
        if (rest != null) {
            emit(rest);
        }
        return new Streamed(call, notice, text.toString(), reasoning.isEmpty() ? null : reasoning.toString(), seq,
                lastSend, end, error);
    }
}
