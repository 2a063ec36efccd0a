package com.t3chat.llm.model;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The built-in model {@code offline/demo}: what answers when no AI provider is configured. It streams the reply of
 * {@link OfflineDemoReply} (which says so, quotes the question and explains how to add a provider) at a realistic
 * pace — the first token at once, then about {@code tokensPerSecond} (±⅓, seeded by the question, so a given
 * prompt always streams the same tokens) — and reports usage as a provider would: input tokens estimated at
 * four characters per token, output tokens counted.
 *
 * <p>Tests ask for a long reply with a length in the last user message: "Write 300 words" gives exactly 300
 * tokens (see {@link OfflineDemoReply}). A reply longer than the request's {@code maxOutputTokens} (or the
 * configured maximum) is cut there with finish reason {@code LENGTH}. {@link StreamingHandle#cancel()} stops it.
 */
public class OfflineDemoModel implements StreamingChatModel {

    public static final String ID = "offline/demo";

    private final ModelProperties.Offline properties;
    private final Scheduler scheduler;

    public OfflineDemoModel(ModelProperties.Offline properties, Scheduler scheduler) {
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        int maxTokens = request.maxOutputTokens() == null ? properties.maxOutputTokens()
                : Math.min(request.maxOutputTokens(), properties.maxOutputTokens());
        String question = lastUserText(request.messages());
        var reply = OfflineDemoReply.answer(question, maxTokens);
        long inputTokens = request.messages().stream().mapToLong(m -> Tokens.estimate(text(m))).sum();
        new Stream(reply, inputTokens, new Random(question.hashCode()), handler).schedule(0);
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user) {
                return text(user);
            }
        }
        return "";
    }

    private static String text(ChatMessage message) {
        return switch (message) {
            case UserMessage user -> user.hasSingleText() ? user.singleText() : "";
            case SystemMessage system -> system.text();
            case AiMessage ai -> ai.text() == null ? "" : ai.text();
            default -> "";
        };
    }

    /** One reply being streamed: each token schedules the next; cancelling drops the pending one. */
    private final class Stream implements StreamingHandle, Runnable {

        private final OfflineDemoReply reply;
        private final long inputTokens;
        private final Random pace;
        private final StreamingChatResponseHandler handler;
        private int next;
        private volatile boolean cancelled;
        private volatile Disposable pending;

        Stream(OfflineDemoReply reply, long inputTokens, Random pace, StreamingChatResponseHandler handler) {
            this.reply = reply;
            this.inputTokens = inputTokens;
            this.pace = pace;
            this.handler = handler;
        }

        void schedule(long delayMicros) {
            if (!cancelled) {
                pending = delayMicros == 0 ? scheduler.schedule(this)
                        : scheduler.schedule(this, delayMicros, TimeUnit.MICROSECONDS);
            }
        }

        @Override
        public synchronized void run() {
            if (cancelled) {
                return;
            }
            if (next < reply.tokens().size()) {
                handler.onPartialResponse(new PartialResponse(reply.tokens().get(next++)),
                        new PartialResponseContext(this));
                schedule(nextDelayMicros());
                return;
            }
            handler.onCompleteResponse(ChatResponse.builder()
                    .aiMessage(AiMessage.from(reply.text()))
                    .modelName(ID)
                    .tokenUsage(new TokenUsage((int) inputTokens, reply.tokens().size()))
                    .finishReason(reply.truncated() ? FinishReason.LENGTH : FinishReason.STOP)
                    .build());
        }

        private long nextDelayMicros() {
            long average = 1_000_000L / properties.tokensPerSecond();
            return average * 2 / 3 + (long) (pace.nextDouble() * average * 2 / 3);
        }

        @Override
        public void cancel() {
            cancelled = true;
            Disposable current = pending;
            if (current != null) {
                current.dispose();
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
