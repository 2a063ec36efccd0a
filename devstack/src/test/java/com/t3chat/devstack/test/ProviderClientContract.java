package com.t3chat.devstack.test;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every provider's real langchain4j client must get from the {@link ProviderSimulator}: one subclass per
 * client says how to build it against the simulator.
 */
abstract class ProviderClientContract {

    /** A 1×1 PNG. */
    static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    static ProviderSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = ProviderSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetCounters() {
        simulator.resetCounters();
    }

    /** The streaming client, pointed at the simulator; with {@code thinking}, set up to ask for and return reasoning. */
    abstract StreamingChatModel model(String modelName, String key, boolean thinking);

    /** The model names the provider's catalogue client reads from the simulator's listing. */
    abstract List<String> listModels(String key);

    /** The header the client sends its key in. */
    abstract String keyHeader();

    /** That header's value for {@code key}. */
    String keyHeaderValue(String key) {
        return key;
    }

    /** The output tokens the client reports for a reply of so many reasoning and text tokens. */
    int reportedOutputTokens(int reasoningTokens, int textTokens) {
        return reasoningTokens + textTokens;
    }

    RecordingHandler chat(String modelName, String key, boolean thinking, ChatRequest request)
            throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        model(modelName, key, thinking).chat(request, handler);
        return handler.awaitEnd();
    }

    RecordingHandler chat(String modelName) throws InterruptedException {
        return chat(modelName, "sim-key", false, hi());
    }

    static ChatRequest hi() {
        return ChatRequest.builder().messages(UserMessage.from("Hi")).build();
    }

    @Test
    void textStreamsIncrementallyWithUsageAndFinishReasonStop() throws Exception {
        ChatResponse response = chat("sim-len5-rate1000").response();

        assertThat(response.aiMessage().text()).isEqualTo("w1 w2 w3 w4 w5");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isPositive();
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(5);
    }

    @Test
    void eachTokenArrivesAsItsOwnPartialResponse() throws Exception {
        RecordingHandler handler = chat("sim-len4-rate1000");
        assertThat(handler.partials).containsExactly("w1", " w2", " w3", " w4");
    }

    @Test
    void theRequestsTokenLimitEndsTheReplyWithFinishReasonLength() throws Exception {
        ChatRequest limited = ChatRequest.builder().messages(UserMessage.from("Hi")).maxOutputTokens(3).build();
        ChatResponse response = chat("sim-len50-rate1000", "sim-key", false, limited).response();

        assertThat(response.aiMessage().text()).isEqualTo("w1 w2 w3");
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void reasoningArrivesThroughOnPartialThinkingBeforeTheText() throws Exception {
        RecordingHandler handler = chat("sim-think3-len2-rate1000", "sim-key", true, hi());

        assertThat(handler.thinking).containsExactly("r1", " r2", " r3");
        assertThat(handler.partials).containsExactly("w1", " w2");
        assertThat(handler.events.indexOf("partial")).isGreaterThan(handler.events.lastIndexOf("thinking"));
        ChatResponse response = handler.response();
        assertThat(response.aiMessage().thinking()).isEqualTo("r1 r2 r3");
        assertThat(response.aiMessage().text()).isEqualTo("w1 w2");
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(reportedOutputTokens(3, 2));
    }

    @Test
    void aRateLimitedRequestSucceedsTheSecondTime() throws Exception {
        assertThat(chat("sim-flaky1-len2-rate1000").error()).isInstanceOf(RateLimitException.class);
        assertThat(chat("sim-flaky1-len2-rate1000").response().aiMessage().text()).isEqualTo("w1 w2");
    }

    @Test
    void anHttpErrorReachesOnError() throws Exception {
        RecordingHandler handler = chat("sim-status500");
        assertThat(handler.error()).hasMessageContaining("Simulated HTTP 500");
        assertThat(handler.partials).isEmpty();
    }

    @Test
    void aFailureMidStreamReachesOnErrorAfterThePartialText() throws Exception {
        RecordingHandler handler = chat("sim-len10-fail3-rate1000");

        assertThat(handler.error()).isNotNull();
        assertThat(handler.text()).isEqualTo("w1 w2 w3");
        awaitNoOpenStreams();
        if (completesAfterAnError()) {
            assertThat(handler.events).containsExactly("partial", "partial", "partial", "error", "complete");
        } else {
            assertThat(handler.events).containsExactly("partial", "partial", "partial", "error");
        }
    }

    /** Whether the client, after {@code onError} for a failure mid-stream, still calls {@code onCompleteResponse}. */
    abstract boolean completesAfterAnError();

    /**
     * Whether the client reports a stream that just ends (no finish reason, no end event) as complete; if not, it
     * reports nothing at all, and only a timeout of the caller's notices.
     */
    abstract boolean reportsACutStreamAsComplete();

    @Test
    void aStreamThatJustEndsIsReportedAsTheClientDoes() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        model("sim-len10-cut3-rate1000", "sim-key", false).chat(hi(), handler);

        if (reportsACutStreamAsComplete()) {
            assertThat(handler.awaitEnd().response().finishReason()).isNull();
            assertThat(handler.text()).isEqualTo("w1 w2 w3");
        } else {
            awaitNoOpenStreams();
            assertThat(handler.events).containsExactly("partial", "partial", "partial");
        }
    }

    /** Waits until the simulator has written its last byte, and a little more for the client to read it. */
    static void awaitNoOpenStreams() throws InterruptedException {
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.openStreams() == 0);
        Thread.sleep(200);
    }

    @Test
    void aBadKeyIsRefusedWithAnErrorThatEchoesIt() throws Exception {
        Throwable error = chat("sim-len2", "bad-key-0042", false, hi()).error();
        assertThat(error).isInstanceOf(AuthenticationException.class).hasMessageContaining("bad-key-0042");
    }

    @Test
    void theKeyTravelsInTheProvidersHeader() throws Exception {
        chat("sim-len1", "key-of-alice", false, hi()).response();
        assertThat(simulator.received().getLast().header(keyHeader())).isEqualTo(keyHeaderValue("key-of-alice"));
    }

    @Test
    void anImageReachesTheProviderInItsOwnForm() throws Exception {
        ChatRequest withImage = ChatRequest.builder().messages(UserMessage.from(
                TextContent.from("What is this?"), ImageContent.from(PIXEL, "image/png"))).build();
        RecordingHandler handler = chat("sim-len3-rate1000", "sim-key", false, withImage);

        assertThat(handler.response().aiMessage().text()).isEqualTo("img1 w2 w3");
    }

    @Test
    void theCatalogueClientListsTheModels() {
        assertThat(listModels("sim-key")).containsExactlyElementsOf(ProviderSimulator.DEFAULT_LISTING);
    }

    @Test
    void theCatalogueRefusesABadKey() {
        assertThatThrownBy(() -> listModels("bad-list-key")).hasMessageContaining("bad-list-key");
    }
}
