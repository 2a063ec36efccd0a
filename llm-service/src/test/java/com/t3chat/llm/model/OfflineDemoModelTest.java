package com.t3chat.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.llm.egress.RecordingHandler;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class OfflineDemoModelTest {

    private final Scheduler scheduler = Schedulers.newSingle("offline-test");

    @AfterEach
    void stopScheduler() {
        scheduler.dispose();
    }

    private OfflineDemoModel model(int tokensPerSecond, int maxOutputTokens) {
        return new OfflineDemoModel(new ModelProperties.Offline(tokensPerSecond, 8192, maxOutputTokens), scheduler);
    }

    @Test
    void itStreamsTheReplyTokenByTokenThenReportsUsage() throws Exception {
        var handler = new RecordingHandler();
        model(2000, 2048).chat(ChatRequest.builder()
                .messages(List.of(SystemMessage.from("Be brief."), UserMessage.from("Write 50 words")))
                .build(), handler);

        ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);
        assertThat(handler.partials).hasSize(50);
        assertThat(String.join("", handler.partials)).isEqualTo(response.aiMessage().text())
                .isEqualTo(OfflineDemoReply.answer("Write 50 words", 2048).text());
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(50);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(3 + 4); // chars / 4, rounded up
    }

    @Test
    void aReplyLongerThanTheRequestsMaximumEndsWithFinishReasonLength() throws Exception {
        var handler = new RecordingHandler();
        model(2000, 2048).chat(ChatRequest.builder().messages(List.of(UserMessage.from("Write 300 words")))
                .maxOutputTokens(20).build(), handler);

        assertThat(handler.done.get(10, TimeUnit.SECONDS).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(handler.partials).hasSize(20);
    }

    @Test
    void cancellingStopsTheStream() throws Exception {
        var handler = new RecordingHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                super.onPartialResponse(partial, context);
                if (partials.size() == 3) {
                    context.streamingHandle().cancel();
                }
            }
        };
        model(500, 2048).chat(ChatRequest.builder().messages(List.of(UserMessage.from("Write 100 words")))
                .build(), handler);

        // three tokens, and no more for 100 more tokens' worth at this pace
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(handler.partials).hasSize(3);
            assertThat(handler.done).isNotDone();
        });
    }

    @Test
    void itIsPacedNotDumpedAtOnce() throws Exception {
        var handler = new RecordingHandler();
        long start = System.nanoTime();
        model(45, 2048).chat(ChatRequest.builder().messages(List.of(UserMessage.from("Write 40 words")))
                .build(), handler);
        handler.done.get(10, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        // a lower bound on the duration only: a busy machine makes it slower, never faster
        assertThat(40 / seconds).isLessThan(70.0);
    }
}
