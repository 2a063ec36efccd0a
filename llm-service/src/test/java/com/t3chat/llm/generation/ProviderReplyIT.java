package com.t3chat.llm.generation;

import static com.t3chat.llm.generation.ReplyTopic.concat;
import static com.t3chat.llm.generation.ReplyTopic.deltas;
import static com.t3chat.llm.generation.ReplyTopic.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.llm.generation.ReplyTopic.Received;
import com.t3chat.llm.provider.ProviderErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Replies from an OpenAI-compatible provider (the simulator, through langchain4j's real client). */
class ProviderReplyIT extends ReplyTopicIT {



    private static ReplyRequested request(String simulatedModel, String question) {
        return ReplyTopic.request(jwt.subject("erin"), "openai/" + simulatedModel, question);
    }

    @Test
    void aProviderReplyStreamsAsDeltasThenCompletesWithTheProvidersUsage() throws Exception {
        ReplyRequested request = request("sim-len30-rate200", "Count to thirty");
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ZERO);
        List<ReplyDelta> deltas = deltas(records);
        var completed = (ReplyCompleted) records.getLast().event();
        assertThat(deltas).extracting(ReplyDelta::seq).containsExactlyElementsOf(sequence(deltas.size()));
        assertThat(completed.text()).isEqualTo(concat(deltas)).startsWith("w1 w2 w3").endsWith(" w30");
        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.FINISHED);
        assertThat(completed.model()).isEqualTo("openai/sim-len30-rate200");
        assertThat(completed.usage().outputTokens()).isEqualTo(30);
        assertThat(provider.requests()).anySatisfy(body -> assertThat(body.replaceAll("\\s*:\\s*", ":"))
                .contains("\"model\":\"sim-len30-rate200\"", "\"stream\":true", "\"max_tokens\":1000",
                        "Count to thirty"));
    }

    @Test
    void aRateLimitFailsTheReplyWithAReadableReason() throws Exception {
        assertFailsWith("sim-status429", "Rate limited by the provider; please try again in a moment.", "");
    }

    @Test
    void aRejectedKeyFailsTheReplyWithAReadableReason() throws Exception {
        assertFailsWith("sim-status401", "The provider rejected the API key.", "");
    }

    @Test
    void anErrorMidStreamFailsTheReplyAndKeepsThePartialText() throws Exception {
        assertFailsWith("sim-fail3-rate200", ProviderErrors.FAILED, "w1 w2 w3");
    }

    @Test
    void aStreamThatBreaksOffFailsTheReplyRatherThanCompletingIt() throws Exception {
        assertFailsWith("sim-cut3-rate200", ProviderErrors.BROKE_OFF, "w1 w2 w3");
    }

    @Test
    void stoppingAnEndlessReplyCancelsTheProviderStream() throws Exception {
        ReplyRequested request = request("sim-endless-rate100", "Go on forever");
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        topic.await(request.replyId(), records -> deltas(records).size() >= 3);
        assertThat(provider.openStreams()).isPositive();
        topic.publish(request.chatId(), ReplyStopRequested.TYPE,
                new ReplyStopRequested(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId()));

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ZERO);
        var completed = (ReplyCompleted) records.getLast().event();
        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.STOPPED);
        assertThat(completed.text()).isEqualTo(concat(deltas(records))).startsWith("w1 w2 w3");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(provider.openStreams()).as("provider streams still open").isZero());
    }

    private void assertFailsWith(String simulatedModel, String reason, String partialText) throws Exception {
        ReplyRequested request = request(simulatedModel, "Hello?");
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ofMillis(500));
        List<ReplyDelta> deltas = deltas(records);
        assertThat(records).hasSize(deltas.size() + 1);
        var failed = (ReplyFailed) records.getLast().event();
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.text()).isEqualTo(partialText).isEqualTo(concat(deltas));
        assertThat(failed.lastSeq()).isEqualTo(deltas.size());
    }
}
