package com.t3chat.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.llm.egress.PoolBusyException;
import com.t3chat.llm.generation.Replies.Status;
import com.t3chat.llm.model.CatalogModel;
import com.t3chat.llm.provider.ProviderErrors;
import com.t3chat.llm.provider.ResilienceProperties;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The reply pipeline against a scripted {@link StreamingChatModel} (each try is driven by the test), without Spring,
 * Kafka or a database: what its user would see — the text, how it ends, which model answered — and what the
 * endpoint's breaker is told.
 */
class GenerationPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ReplyRequested request = new ReplyRequested(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
            "owner", UUID.randomUUID(), UUID.randomUUID(), "sim/primary",
            List.of(new PromptMessage(PromptMessage.USER, "Hi")));
    private final List<ReplyDelta> deltas = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Finished> finished = new CompletableFuture<>();
    private final AtomicInteger fallbacksAsked = new AtomicInteger();

    @Test
    void aRetryableFailureIsTriedAgainOnlyBeforeTheFirstToken() throws Exception {
        var model = new ScriptedModel();
        start(call("sim/primary", "Primary", model, null), noFallback(), resilience(3, "30s", "60s"), "10m");

        model.nextTry().fail(new InternalServerException("502"));
        ScriptedModel.Try second = model.nextTry();
        second.token("Hel");
        second.fail(new InternalServerException("502 mid-stream"));

        Finished end = finished.get(5, TimeUnit.SECONDS);
        assertThat(end.status()).isEqualTo(Status.FAILED);
        ReplyFailed failed = (ReplyFailed) end.event();
        assertThat(failed.reason()).isEqualTo("The provider had an internal error; please try again.");
        assertThat(failed.text()).isEqualTo("Hel");
        assertThat(failed.lastSeq()).isEqualTo(1);
        assertThat(model.tries()).as("no try after the first token").isEqualTo(2);
        assertThat(fallbacksAsked).as("no fallback once the user has seen text").hasValue(0);
    }

    @Test
    void theFallbackAnswersWithANoticeWhenTheModelFailsBeforeItsFirstToken() throws Exception {
        var primary = new ScriptedModel();
        var backup = new ScriptedModel();
        ModelCall backupCall = call("sim/backup", "Backup", backup, null);
        start(call("sim/primary", "Primary", primary, null), failed -> {
            fallbacksAsked.incrementAndGet();
            return Mono.just(Optional.of(backupCall));
        }, resilience(3, "30s", "60s"), "10m");

        primary.nextTry().fail(new AuthenticationException("401")); // not worth another try: the fallback at once
        ScriptedModel.Try answer = backup.nextTry();
        answer.token("Hi");
        answer.token(" there");
        answer.end(FinishReason.STOP, 7, 2);

        Finished end = finished.get(5, TimeUnit.SECONDS);
        assertThat(end.status()).isEqualTo(Status.COMPLETED);
        ReplyCompleted completed = (ReplyCompleted) end.event();
        assertThat(completed.model()).isEqualTo("sim/backup");
        assertThat(completed.text()).isEqualTo("Hi there");
        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.FINISHED);
        assertThat(completed.usage().inputTokens()).isEqualTo(7);
        assertThat(completed.notice()).isEqualTo(
                "Primary failed before answering (The provider rejected the API key), so Backup answered instead.");
        assertThat(primary.tries()).isEqualTo(1);
        assertThat(text(deltas)).isEqualTo("Hi there");
    }

    @Test
    void aFullConnectionPoolIsNeitherRetriedNorHandedToTheFallback() throws Exception {
        var model = new ScriptedModel();
        start(call("sim/primary", "Primary", model, null), failed -> {
            fallbacksAsked.incrementAndGet();
            return Mono.just(Optional.of(call("sim/backup", "Backup", new ScriptedModel(), null)));
        }, resilience(3, "30s", "60s"), "10m");

        model.nextTry().fail(new PoolBusyException("sim:443", Duration.ofSeconds(30), null));

        Finished end = finished.get(5, TimeUnit.SECONDS);
        assertThat(((ReplyFailed) end.event()).reason()).isEqualTo(ProviderErrors.POOL_BUSY);
        assertThat(model.tries()).isEqualTo(1);
        assertThat(fallbacksAsked).hasValue(0);
    }

    @Test
    void aStopCancelsTheModelAndKeepsTheTextSoFar() throws Exception {
        var model = new ScriptedModel();
        Generation generation = start(call("sim/primary", "Primary", model, null), noFallback(),
                resilience(3, "30s", "60s"), "10m");
        ScriptedModel.Try answering = model.nextTry();
        answering.token("Hello");
        answering.token(" world");
        await().atMost(WAIT).until(() -> text(deltas).equals("Hello world"));

        generation.stop();

        Finished end = finished.get(5, TimeUnit.SECONDS);
        assertThat(end.status()).isEqualTo(Status.STOPPED);
        ReplyCompleted completed = (ReplyCompleted) end.event();
        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.STOPPED);
        assertThat(completed.text()).isEqualTo("Hello world");
        assertThat(completed.lastSeq()).isEqualTo(deltas.size());
        assertThat(answering.cancelled()).isTrue();
        generation.ended().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aModelThatSendsNothingInTimeIsTriedAgainThenFails() throws Exception {
        var model = new ScriptedModel();
        start(call("sim/primary", "Primary", model, null), noFallback(), resilience(2, "150ms", "60s"), "10m");

        Finished end = finished.get(5, TimeUnit.SECONDS);
        assertThat(((ReplyFailed) end.event()).reason())
                .isEqualTo("The model did not start answering in time; please try again.");
        assertThat(model.tries()).isEqualTo(2);
    }

    @Test
    void aModelThatGoesSilentMidStreamFailsWithItsTextAndIsNotRetried() throws Exception {
        var model = new ScriptedModel();
        start(call("sim/primary", "Primary", model, null), noFallback(), resilience(3, "30s", "200ms"), "10m");
        ScriptedModel.Try answering = model.nextTry();
        answering.token("Half an ans");

        Finished end = finished.get(5, TimeUnit.SECONDS);
        ReplyFailed failed = (ReplyFailed) end.event();
        assertThat(failed.reason()).startsWith("The model stopped sending for");
        assertThat(failed.text()).isEqualTo("Half an ans");
        assertThat(model.tries()).isEqualTo(1);
        assertThat(answering.cancelled()).isTrue();
    }

    @Test
    void aReplyLongerThanTheMaxDurationIsCutOffWithItsText() throws Exception {
        var model = new ScriptedModel();
        start(call("sim/primary", "Primary", model, null), noFallback(), resilience(3, "30s", "60s"), "400ms");
        ScriptedModel.Try answering = model.nextTry();
        answering.token("Still");
        answering.token(" going");

        Finished end = finished.get(5, TimeUnit.SECONDS);
        ReplyFailed failed = (ReplyFailed) end.event();
        assertThat(failed.reason()).endsWith("minutes and was cut off.");
        assertThat(failed.text()).isEqualTo("Still going");
        assertThat(answering.cancelled()).isTrue();
    }

    @Test
    void aStopBeforeTheFirstTokenReleasesTheBreakersPermission() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("sim", CircuitBreakerConfig.custom()
                .permittedNumberOfCallsInHalfOpenState(1).build());
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState(); // one trial call at a time: the reply's try holds it
        var model = new ScriptedModel();
        Generation generation = start(call("sim/primary", "Primary", model, breaker), noFallback(),
                resilience(3, "30s", "60s"), "10m");
        ScriptedModel.Try waiting = model.nextTry();
        assertThat(breaker.tryAcquirePermission()).as("held by the try").isFalse();

        generation.stop();

        finished.get(5, TimeUnit.SECONDS);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).as("released unused").isTrue();
        waiting.token("late");
        assertThat(waiting.cancelled()).as("a late first token of a stopped try cancels it").isTrue();
    }

    @Test
    void theBreakerHearsOfSuccessAtTheFirstTokenNotAtTheEndOfALongReply() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("sim", CircuitBreakerConfig.custom()
                .permittedNumberOfCallsInHalfOpenState(1).build());
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        var model = new ScriptedModel();
        Generation generation = start(call("sim/primary", "Primary", model, breaker), noFallback(),
                resilience(3, "30s", "60s"), "10m");
        ScriptedModel.Try answering = model.nextTry();

        answering.token("Hi");

        // the trial call ended well while the reply goes on: other replies may use the endpoint again
        await().atMost(WAIT).until(() -> breaker.getState() == CircuitBreaker.State.CLOSED);
        generation.stop();
        finished.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aProviderFaultMidStreamStillCountsAgainstTheEndpoint() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("sim", CircuitBreakerConfig.custom()
                .failureRateThreshold(50).minimumNumberOfCalls(2).slidingWindowSize(2)
                .recordException(ProviderErrors::providerFault).build());
        var model = new ScriptedModel();
        start(call("sim/primary", "Primary", model, breaker), noFallback(), resilience(3, "30s", "60s"), "10m");
        ScriptedModel.Try answering = model.nextTry();
        answering.token("Hi");
        answering.fail(new InternalServerException("broken stream"));

        finished.get(5, TimeUnit.SECONDS);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void theEndWaitsForTheLastDeltasAcknowledgement() throws Exception {
        var model = new ScriptedModel();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        ModelCall call = call("sim/primary", "Primary", model, null);
        Generation.start(request, call, noFallback(), ends(),
                new Generation.Setup(delta -> {
                    deltas.add(delta);
                    return ack;
                }, properties("10m"), resilience(3, "30s", "60s"), Schedulers.parallel()));
        ScriptedModel.Try answering = model.nextTry();
        answering.token("Hi");
        answering.end(FinishReason.STOP, 3, 1);
        await().atMost(WAIT).until(() -> !deltas.isEmpty());
        // the end must not come before the acknowledgement, however long that takes
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(finished).isNotDone());

        ack.complete(null);

        assertThat(finished.get(5, TimeUnit.SECONDS).status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void laterDeltasWaitForTheFirstOnesAcknowledgement() throws Exception {
        // the first delta leaves by a producer that does not linger, the later ones by another: they must not overtake
        var model = new ScriptedModel();
        CompletableFuture<Void> firstAck = new CompletableFuture<>();
        List<Long> handedOver = new CopyOnWriteArrayList<>();
        Generation.start(request, call("sim/primary", "Primary", model, null), noFallback(), ends(),
                new Generation.Setup(delta -> {
                    handedOver.add(delta.seq());
                    deltas.add(delta);
                    return delta.seq() == 1 ? firstAck : CompletableFuture.completedFuture(null);
                }, properties("10m"), resilience(3, "30s", "60s"), Schedulers.parallel()));
        ScriptedModel.Try answering = model.nextTry();
        answering.token("one");
        await().atMost(WAIT).until(() -> handedOver.size() == 1);
        for (String token : List.of(" two", " three")) {
            await().pollDelay(Duration.ofMillis(200)).until(() -> true); // each its own delta (max-interval 150 ms)
            answering.token(token);
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(handedOver).containsExactly(1L));

        firstAck.complete(null);

        await().atMost(WAIT).untilAsserted(() -> assertThat(handedOver).containsExactly(1L, 2L, 3L));
        answering.end(FinishReason.STOP, 3, 3);
        assertThat(finished.get(5, TimeUnit.SECONDS).status()).isEqualTo(Status.COMPLETED);
        assertThat(text(deltas)).isEqualTo("one two three");
    }

    // ------------------------------------------------------------------ the pipeline's surroundings

    private Generation start(ModelCall call, Generation.Fallback fallback, ResilienceProperties resilience,
            String maxDuration) {
        return Generation.start(request, call, fallback, ends(), new Generation.Setup(delta -> {
            deltas.add(delta);
            return CompletableFuture.completedFuture(null);
        }, properties(maxDuration), resilience, Schedulers.parallel()));
    }

    private Generation.Fallback noFallback() {
        return failed -> {
            fallbacksAsked.incrementAndGet();
            return Mono.just(Optional.empty());
        };
    }

    private ReplyEnds ends() {
        Replies replies = new Replies(null, null, null) {
            @Override
            Mono<Boolean> finish(UUID replyId, Status status, String finishReason, String model, long inputTokens,
                    long outputTokens, BigDecimal cost, String eventType, IntegrationEvent event,
                    Mono<Void> alsoInTransaction) {
                return alsoInTransaction.then(Mono.fromCallable(() -> finished.complete(new Finished(status, event))));
            }
        };
        return new ReplyEnds(replies, Duration.ofSeconds(5), (status, text) -> Mono.empty());
    }

    private static GenerationProperties properties(String maxDuration) {
        return new GenerationProperties(new GenerationProperties.Delta(Duration.ofMillis(50), Duration.ofMillis(150),
                4, 1024), duration(maxDuration), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    private static ResilienceProperties resilience(int maxAttempts, String firstToken, String idle) {
        return new ResilienceProperties(duration(firstToken), duration(idle), maxAttempts, Duration.ofMillis(10), 50,
                5, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }

    private static ModelCall call(String id, String name, StreamingChatModel model, CircuitBreaker breaker) {
        var catalogModel = new CatalogModel(id, "sim", id.substring(4), name, 8000, 1000, Set.of(), null, true, false);
        return new ModelCall(catalogModel, null, model,
                ChatRequest.builder().messages(List.of(UserMessage.from("Hi"))).build(), breaker, 5);
    }

    private static String text(List<ReplyDelta> deltas) {
        return deltas.stream().map(ReplyDelta::text).collect(Collectors.joining());
    }

    record Finished(Status status, IntegrationEvent event) {
    }

    /** A model whose every try the test drives: tokens, an end or a failure, on the test's thread. */
    static final class ScriptedModel implements StreamingChatModel {

        private final LinkedBlockingQueue<Try> started = new LinkedBlockingQueue<>();
        private final AtomicInteger tries = new AtomicInteger();

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            tries.incrementAndGet();
            started.add(new Try(handler));
        }

        Try nextTry() throws InterruptedException {
            Try next = started.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("a try was started").isNotNull();
            return next;
        }

        int tries() {
            return tries.get();
        }

        static final class Try implements StreamingHandle {

            private final StreamingChatResponseHandler handler;
            private volatile boolean cancelled;

            Try(StreamingChatResponseHandler handler) {
                this.handler = handler;
            }

            void token(String text) {
                handler.onPartialResponse(new PartialResponse(text), new PartialResponseContext(this));
            }

            void end(FinishReason reason, int input, int output) {
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("…"))
                        .tokenUsage(new TokenUsage(input, output)).finishReason(reason).build());
            }

            void fail(Throwable error) {
                handler.onError(error);
            }

            boolean cancelled() {
                return cancelled;
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        }
    }
}
