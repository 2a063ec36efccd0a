package com.t3chat.llm.generation;

import com.t3chat.llm.generation.ProviderStream.Token;
import com.t3chat.llm.provider.ProviderErrors;
import com.t3chat.llm.provider.ResilienceProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The tries of a reply's models as one token stream: each try waits at most {@code firstTokenTimeout} for its first
 * token and {@code idleTimeout} between tokens, runs through its endpoint's circuit breaker, is tried again with
 * backoff on a retryable failure <em>before its first token</em>, and then the fallback model answers (once, with a
 * notice token saying so). A full connection pool is neither retried nor handed to another model: no other would
 * fare better. An error after the first token ends the stream as {@link AfterFirstToken}.
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
        return tries(first)
                .onErrorResume(e -> !ProviderErrors.poolBusy(e), e -> fallBack(first, e))
                .flatMapMany(tokens -> tokens);
    }

    /** The fallback's tokens after a notice token, or the first model's failure if there is no fallback. */
    private Mono<Flux<Token>> fallBack(ModelCall failed, Throwable error) {
        String reason = ProviderErrors.reason(error);
        return fallback.after(failed.model().id())
                .onErrorResume(e -> {
                    log.warn("Reply {}: the fallback model could not be prepared: {}", replyId, e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(next -> next.isEmpty() ? Mono.error(error)
                        : Mono.just(Flux.<Token>just(new Token.Fallback(next.get(), notice(failed, next.get(), reason)))
                                .concatWith(tries(next.get()).flatMapMany(tokens -> tokens))));
    }

    private static String notice(ModelCall failed, ModelCall next, String reason) {
        return failed.model().displayName() + " failed before answering (" + reason.replaceAll("\\.$", "")
                + "), so " + next.model().displayName() + " answered instead.";
    }

    /** One model's tries: again after a backoff while the failure (before a first token) is worth it. */
    private Mono<Flux<Token>> tries(ModelCall call) {
        return oneTry(call)
                .retryWhen(Retry.backoff(resilience.maxAttempts() - 1, resilience.backoff())
                        .jitter(0)
                        .filter(ProviderErrors::retryable)
                        .doBeforeRetry(retry -> log.info("Reply {}: {} failed before its first token ({}); trying "
                                + "again", replyId, call.model().id(), ProviderErrors.describe(retry.failure())))
                        .onRetryExhaustedThrow((spec, retry) -> retry.failure()))
                .doOnError(e -> log.warn("Reply {} with {} failed before its first token: {}", replyId,
                        call.model().id(), ProviderErrors.describe(e)));
    }

    /**
     * One try, as "it started": a {@code Mono} that answers the try's whole token stream once its first token is
     * there, or fails before. So the breaker (an operator of that {@code Mono}) is asked for permission when the try
     * starts, hears of its success at the first token — a long reply is not a slow call, and a half-open breaker's
     * trial ends then, as a provider's health shows — and releases its permission unused when the try is cancelled
     * before (a stop). Retries and the fallback act on this {@code Mono}, so only before the first token. A provider
     * fault after it still counts against the endpoint; it ends the stream as {@link AfterFirstToken}.
     */
    private Mono<Flux<Token>> oneTry(ModelCall call) {
        return Mono.defer(() -> {
            Duration first = resilience.firstTokenTimeout();
            Duration idle = resilience.idleTimeout();
            Mono<Flux<Token>> started = ProviderStream.of(call)
                    .timeout(Mono.delay(first).then(Mono.error(() -> new ProviderErrors.FirstTokenTimeout(first))),
                            token -> Mono.delay(idle).then(Mono.error(() -> new IdleTimeout(idle))))
                    // the source lives on after the Mono completes: the answered flux replays the first token
                    .switchOnFirst((signal, tokens) -> signal.isOnError()
                            ? Mono.<Flux<Token>>error(signal.getThrowable()) : Mono.just(tokens), false)
                    .single();
            CircuitBreaker breaker = call.breaker();
            if (breaker == null) {
                return started.map(tokens -> tokens.onErrorMap(AfterFirstToken::new));
            }
            long startedAt = breaker.getCurrentTimestamp();
            return started.transformDeferred(CircuitBreakerOperator.of(breaker))
                    .map(tokens -> tokens
                            .doOnError(e -> {
                                if (ProviderErrors.providerFault(e)) {
                                    breaker.onError(breaker.getCurrentTimestamp() - startedAt,
                                            breaker.getTimestampUnit(), e);
                                }
                            })
                            .onErrorMap(AfterFirstToken::new));
        });
    }
}
