package com.t3chat.llm.generation;

import static com.t3chat.llm.generation.ReplyTopic.concat;
import static com.t3chat.llm.generation.ReplyTopic.deltas;
import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.llm.provider.Credentials;
import com.t3chat.llm.provider.ProviderBreakers;
import com.t3chat.llm.provider.ProviderErrors;
import com.t3chat.llm.provider.ProviderId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A provider's bad moments: retries before the first token only, a first-token timeout, the operator's fallback
 * model, and a failure after the first token that keeps the partial text.
 */
@TestPropertySource(properties = {"t3chat.models.fallback-model=openai/sim-len30-rate200",
        "t3chat.resilience.first-token-timeout=1500ms", "t3chat.resilience.max-attempts=2",
        "t3chat.egress.pool-wait=300ms"})
class ResilienceIT extends ReplyTopicIT {

    private static final String FALLBACK = "openai/sim-len30-rate200";
    private static final int POOL = 3;

    /** The simulator's host gets a small pool of its own; other hosts keep the default. */
    @DynamicPropertySource
    static void smallPool(DynamicPropertyRegistry registry) {
        URI simulator = URI.create(provider.openAiBaseUrl());
        registry.add("t3chat.egress.hosts[" + simulator.getHost() + ":" + simulator.getPort() + "].max-connections",
                () -> POOL);
    }

    @Autowired
    ProviderBreakers breakers;

    @Test
    void streamsBeyondThePoolWaitThenAreRefusedAsBusyWithoutCountingAgainstTheProvider() throws Exception {
        var breaker = breakers.breakerFor(new Credentials(ProviderId.OPENAI, provider.openAiBaseUrl(), "sim-key",
                Credentials.KeySource.SYSTEM, false), "erin");
        int failedBefore = breaker.getMetrics().getNumberOfFailedCalls();
        List<ReplyRequested> requests = new ArrayList<>();
        for (int i = 0; i < 4 * POOL; i++) { // each stream takes 1 s: far longer than the 300 ms pool wait
            ReplyRequested request = ReplyTopic.request(jwt.subject("erin"), "openai/sim-len40-rate10",
                    "Busy " + i);
            requests.add(request);
            topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        }

        int completed = 0;
        int busy = 0;
        for (ReplyRequested request : requests) {
            var end = topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event();
            if (end instanceof ReplyCompleted done) {
                assertThat(done.text()).endsWith(" w40");
                completed++;
            } else {
                assertThat(((ReplyFailed) end).reason()).isEqualTo(ProviderErrors.POOL_BUSY);
                busy++;
            }
        }
        assertThat(completed).isGreaterThanOrEqualTo(POOL);
        assertThat(busy).isPositive();
        assertThat(completed + busy).isEqualTo(requests.size());
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore);
    }

    @Test
    void aModelFailingBeforeItsFirstTokenIsTriedAgainThenTheFallbackAnswersAndTheReplySaysSo() throws Exception {
        String marker = UUID.randomUUID().toString();
        ReplyRequested request = ReplyTopic.request(jwt.subject("erin"), "openai/sim-status500", "Hi " + marker);
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        var completed = (ReplyCompleted) topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event();
        assertThat(completed.model()).isEqualTo(FALLBACK);
        assertThat(completed.text()).startsWith("w1 w2").endsWith(" w30");
        assertThat(completed.notice()).isEqualTo("sim-status500 failed before answering (The provider had an "
                + "internal error; please try again), so sim-len30-rate200 answered instead.");
        assertThat(provider.requests().stream().filter(body -> body.contains(marker)))
                .extracting(body -> body.contains("sim-status500") ? "failing" : "fallback")
                .containsExactly("failing", "failing", "fallback");
    }

    @Test
    void theChatsOwnFallbackModelWinsOverTheOperators() throws Exception {
        ReplyRequested asked = ReplyTopic.request(jwt.subject("erin"), "openai/sim-status500", "Hi " + UUID.randomUUID());
        ReplyRequested request = new ReplyRequested(asked.eventId(), asked.occurredAt(), asked.chatId(),
                asked.ownerId(), asked.replyId(), asked.parentId(), asked.model(), asked.history(),
                "anthropic/a-len20-rate500");
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        var completed = (ReplyCompleted) topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event();
        assertThat(completed.model()).isEqualTo("anthropic/a-len20-rate500");
        assertThat(completed.notice()).endsWith("so a-len20-rate500 answered instead.");
    }

    @Test
    void aModelThatDoesNotStartInTimeIsAbandonedForTheFallback() throws Exception {
        String marker = UUID.randomUUID().toString();
        ReplyRequested request = ReplyTopic.request(jwt.subject("erin"), "openai/sim-first3000ms-len5",
                "Hi " + marker);
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        var completed = (ReplyCompleted) topic.awaitEnd(request.replyId(), Duration.ZERO).getLast().event();
        assertThat(completed.model()).isEqualTo(FALLBACK);
        assertThat(completed.notice()).contains("did not start answering in time");
        assertThat(completed.text()).doesNotContain("w1 w2 w3 w4 w5w1"); // nothing of the abandoned tries leaked in
        assertThat(completed.text()).startsWith("w1 w2").endsWith(" w30");
    }

    @Test
    void aFailureAfterTheFirstTokenIsNotRetriedAndKeepsThePartialText() throws Exception {
        String marker = UUID.randomUUID().toString();
        ReplyRequested request = ReplyTopic.request(jwt.subject("erin"), "openai/sim-fail3-rate200", "Hi " + marker);
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        var records = topic.awaitEnd(request.replyId(), Duration.ofMillis(300));
        var failed = (ReplyFailed) records.getLast().event();
        assertThat(failed.text()).isEqualTo("w1 w2 w3").isEqualTo(concat(deltas(records)));
        assertThat(provider.requests().stream().filter(body -> body.contains(marker))).hasSize(1);
    }
}
