package com.t3chat.llm.generation;

import com.t3chat.llm.generation.ProviderStream.Token;
import com.t3chat.llm.provider.ProviderErrors;
import com.t3chat.llm.provider.ResilienceProperties;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The tries of a reply's models as one token stream: each try waits at most {@code firstTokenTimeout} for its first
 * token and {@code idleTimeout} between tokens, runs through its endpoint's circuit breaker, is tried again with
 * backoff on a retryable failure <em>before its first token</em>, and then the fallback model answers (once, with a
 * notice saying so). A full connection pool is neither retried nor handed to another model: no other would fare
 * better. An error after the first token ends the stream as {@link AfterFirstToken}.
 */
final class ReplyAttempts {

    private static final Logger log = LoggerFactory.getLogger(ReplyAttempts.class);

    private final UUID replyId;
    private final ResilienceProperties resilience;
    private final Generation.Fallback fallback;

    ReplyAttempts(UUID replyId, ResilienceProperties resilience, Generation.Fallback fallback) {
        this.replyId = replyId;
        this.resilience = resilience;
        this.fallback = fallback;
    }

    /** A failure of a try that had sent tokens already: not retried, no fallback (the user has seen its text). */
    static final class AfterFirstToken extends RuntimeException {

        AfterFirstToken(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** The model went silent mid-stream for longer than the idle timeout. */
    static final class IdleTimeout extends RuntimeException {

        IdleTimeout(Duration after) {
            super("The model stopped sending for " + after.toSeconds() + " seconds; please try again.", null, false,
                    false);
        }
    }

    Flux<Token> from(ModelCall first) {
        return tries(first).onErrorResume(e -> !(e instanceof AfterFirstToken) && !ProviderErrors.poolBusy(e),
                e -> fallBack(first, e));
    }

    private Flux<Token> fallBack(ModelCall failed, Throwable error) {
        log.warn("Reply {} with {} failed before its first token: {}", replyId, failed.model().id(),
                error.getClass().getSimpleName());
        String reason = ProviderErrors.reason(error);
        return fallback.after(failed.model().id())
                .onErrorResume(e -> {
                    log.warn("Reply {}: the fallback model could not be prepared: {}", replyId, e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMapMany(next -> next.isEmpty() ? Flux.error(error)
                        : Flux.<Token>just(new Token.Fallback(next.get(), notice(failed, next.get(), reason)))
                                .concatWith(tries(next.get())));
    }

    private static String notice(ModelCall failed, ModelCall next, String reason) {
        return failed.model().displayName() + " failed before answering (" + reason.replaceAll("\\.$", "")
                + "), so " + next.model().displayName() + " answered instead.";
    }

    /** One model's tries: again after a backoff while nothing was sent and the failure is worth it. */
    private Flux<Token> tries(ModelCall call) {
        return oneTry(call).retryWhen(Retry.backoff(resilience.maxAttempts() - 1, resilience.backoff())
                .jitter(0)
                .filter(e -> !(e instanceof AfterFirstToken) && ProviderErrors.retryable(e))
                .doBeforeRetry(retry -> log.info("Reply {}: {} failed before its first token ({}); trying again",
                        replyId, call.model().id(), retry.failure().getClass().getSimpleName()))
                .onRetryExhaustedThrow((spec, retry) -> retry.failure()));
    }

    /**
     * One try: timeouts first (so the breaker counts a slow start as the endpoint's failure), then the breaker,
     * which is asked for permission when the try starts and told the outcome when it ends — released unused when
     * the try is cancelled before its first token (a stop).
     */
    private Flux<Token> oneTry(ModelCall call) {
        return Flux.defer(() -> {
            AtomicBoolean started = new AtomicBoolean();
            Duration first = resilience.firstTokenTimeout();
            Duration idle = resilience.idleTimeout();
            Flux<Token> tokens = ProviderStream.of(call)
                    .timeout(Mono.delay(first).then(Mono.error(() -> new ProviderErrors.FirstTokenTimeout(first))),
                            token -> Mono.delay(idle).then(Mono.error(() -> new IdleTimeout(idle))))
                    .doOnNext(token -> started.set(true));
            if (call.breaker() != null) {
                tokens = tokens.transformDeferred(CircuitBreakerOperator.of(call.breaker()));
            }
            return tokens.onErrorMap(e -> started.get(), AfterFirstToken::new);
        });
    }
}
