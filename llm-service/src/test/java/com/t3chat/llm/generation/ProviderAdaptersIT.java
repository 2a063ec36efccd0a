package com.t3chat.llm.generation;

import static com.t3chat.llm.generation.ReplyTopic.concat;
import static com.t3chat.llm.generation.ReplyTopic.deltas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.devstack.test.ProviderSimulator;
import com.t3chat.llm.generation.ReplyTopic.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each provider adapter (langchain4j's OpenAI, Anthropic, Gemini and Ollama clients, as llm-service builds them)
 * against the simulator speaking that provider's streaming wire format: text and usage, an image part, reasoning,
 * 429 then success, 500, an error mid-stream, a slow first token, and a stream that never ends.
 */
class ProviderAdaptersIT extends ReplyTopicIT {

    /** A 1×1 PNG. */
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    static final List<String> PROVIDERS = ADAPTER_PROVIDERS;

    private Run run(String provider, String script) throws Exception {
        return run(provider, script, List.of());
    }

    private Run run(String provider, String script, List<PromptMessage.Image> images) throws Exception {
        String marker = UUID.randomUUID().toString();
        var history = List.of(new PromptMessage(PromptMessage.SYSTEM, "You are a helpful assistant."),
                new PromptMessage(PromptMessage.USER, "Question " + marker, images));
        var request = new ReplyRequested(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), jwt.subject("erin"),
                UUID.randomUUID(), UUID.randomUUID(), provider + "/" + script, history);
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        return new Run(request, marker);
    }

    private record Run(ReplyRequested request, String marker) {

        List<Received> end() {
            return topic.awaitEnd(request.replyId(), Duration.ofMillis(200));
        }

        List<ProviderSimulator.Received> calls() {
            return provider.received().stream().filter(call -> call.body().contains(marker)).toList();
        }
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void textStreamsInOrderAndUsageIsTheProvidersOwn(String providerId) throws Exception {
        Run run = run(providerId, "a-len20-rate500");
        List<Received> records = run.end();
        var completed = (ReplyCompleted) records.getLast().event();
        List<ReplyDelta> deltas = deltas(records);
        assertThat(deltas.size()).isGreaterThan(1);
        assertThat(completed.text()).isEqualTo(concat(deltas)).startsWith("w1 w2").endsWith(" w20");
        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.FINISHED);
        assertThat(completed.model()).isEqualTo(providerId + "/a-len20-rate500");
        assertThat(completed.usage().outputTokens()).isEqualTo(20);
        assertThat(run.calls()).hasSize(1);
        assertThat(completed.usage().inputTokens()).isEqualTo(run.calls().getFirst().body().length() / 4);
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void anAttachedImageReachesAVisionModelAsAnImagePart(String providerId) throws Exception {
        Run run = run(providerId, "a-len5-rate500", List.of(new PromptMessage.Image("image/png", PIXEL)));
        var completed = (ReplyCompleted) run.end().getLast().event();
        assertThat(completed.text()).startsWith("img1");
        assertThat(run.calls().getFirst().body()).contains(PIXEL);
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void reasoningStreamsAsSeparateDeltasBeforeTheAnswer(String providerId) throws Exception {
        List<Received> records = run(providerId, "a-think5-len5-rate500").end();
        var completed = (ReplyCompleted) records.getLast().event();
        List<ReplyDelta> deltas = deltas(records);
        String reasoning = deltas.stream().filter(ReplyDelta::carriesReasoning).map(ReplyDelta::reasoning)
                .reduce("", String::concat);
        assertThat(reasoning).isEqualTo("r1 r2 r3 r4 r5").isEqualTo(completed.reasoning());
        assertThat(completed.text()).isEqualTo("w1 w2 w3 w4 w5").isEqualTo(concat(deltas));
        int lastReasoning = deltas.stream().filter(ReplyDelta::carriesReasoning).mapToInt(d -> (int) d.seq()).max()
                .orElseThrow();
        assertThat(deltas.stream().filter(d -> !d.carriesReasoning())).allMatch(d -> d.seq() > lastReasoning);
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void aRateLimitBeforeTheFirstTokenIsRetried(String providerId) throws Exception {
        provider.resetCounters();
        Run run = run(providerId, "a-flaky1-len5-rate500");
        var completed = (ReplyCompleted) run.end().getLast().event();
        assertThat(completed.text()).isEqualTo("w1 w2 w3 w4 w5");
        assertThat(run.calls()).hasSize(2);
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void aServerErrorIsRetriedThenFailsTheReplyReadably(String providerId) throws Exception {
        Run run = run(providerId, "a-status500");
        var failed = (ReplyFailed) run.end().getLast().event();
        assertThat(failed.reason()).isEqualTo("The provider had an internal error; please try again.");
        assertThat(failed.text()).isEmpty();
        assertThat(run.calls()).hasSize(3);
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void anErrorMidStreamFailsTheReplyKeepingItsTextWithoutARetry(String providerId) throws Exception {
        Run run = run(providerId, "a-fail3-rate500");
        List<Received> records = run.end();
        var failed = (ReplyFailed) records.getLast().event();
        assertThat(failed.text()).isEqualTo("w1 w2 w3").isEqualTo(concat(deltas(records)));
        assertThat(failed.reason()).isNotBlank().doesNotContain("Simulated");
        assertThat(run.calls()).hasSize(1);
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void aSlowFirstTokenStillGivesTheWholeReply(String providerId) throws Exception {
        long started = System.nanoTime();
        var completed = (ReplyCompleted) run(providerId, "a-first1500ms-len5").end().getLast().event();
        assertThat(completed.text()).isEqualTo("w1 w2 w3 w4 w5");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @ParameterizedTest
    @FieldSource("PROVIDERS")
    void aStreamThatNeverEndsIsStoppedAndItsConnectionClosed(String providerId) throws Exception {
        Run run = run(providerId, "a-endless-rate100");
        topic.await(run.request().replyId(), records -> deltas(records).size() >= 3);
        topic.publish(run.request().chatId(), ReplyStopRequested.TYPE, new ReplyStopRequested(UUID.randomUUID(),
                Instant.now(), run.request().chatId(), run.request().replyId()));
        var completed = (ReplyCompleted) run.end().getLast().event();
        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.STOPPED);
        assertThat(completed.text()).startsWith("w1 w2 w3");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(provider.openStreams()).as("provider streams still open").isZero());
    }
}
