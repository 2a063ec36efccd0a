package com.t3chat.devstack.test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The scripted reply every protocol streams: optional reasoning tokens ({@code r1 r2 …}), then text tokens
 * ({@code w1 w2 …}, the first replaced by {@code img<count>} when the request carried images), paced by the
 * {@link Script}, cut at the request's token limit, failing or breaking off where the script says. A protocol only
 * turns each step into its wire format through a {@link Writer}.
 */
final class Reply {

    /** Token counts so far, for a protocol's usage fields. */
    record Usage(int promptTokens, int reasoningTokens, int textTokens) {

        int outputTokens() {
            return reasoningTokens + textTokens;
        }

        int totalTokens() {
            return promptTokens + outputTokens();
        }
    }

    /** One protocol's wire format for the steps of a reply. */
    interface Writer {

        /** Opens the stream (response headers, any preamble). */
        void begin(Usage usage) throws IOException;

        void reasoning(String token, Usage usage) throws IOException;

        void text(String token, Usage usage) throws IOException;

        /** The normal end; {@code truncated} when the request's token limit cut the reply. */
        void finish(boolean truncated, Usage usage) throws IOException;

        /** A failure after some tokens ({@code fail<N>}). */
        void fail(Usage usage) throws IOException;
    }

    private final Script script;
    private final int reasoningTokens;
    private final int maxTokens;
    private final int promptTokens;
    private final int images;

    /**
     * @param reasoningTokens reasoning tokens to send (0 when the request did not ask for reasoning)
     * @param maxTokens       the request's limit on output tokens (reasoning included), or Integer.MAX_VALUE
     * @param images          image parts in the request
     */
    Reply(Script script, int reasoningTokens, int maxTokens, int promptTokens, int images) {
        this.script = script;
        this.reasoningTokens = reasoningTokens;
        this.maxTokens = maxTokens;
        this.promptTokens = promptTokens;
        this.images = images;
    }

    /** Streams the reply; an IOException means the client went away. */
    void streamTo(Writer writer) throws IOException {
        int reasoning = 0;
        int text = 0;
        writer.begin(new Usage(promptTokens, 0, 0));
        sleep(script.firstTokenDelayMs());
        long pauseMs = TimeUnit.SECONDS.toMillis(1) / script.tokensPerSecond();
        while (reasoning < reasoningTokens || script.endless() || text < script.length()) {
            int sent = reasoning + text;
            if (sent >= maxTokens) {
                writer.finish(true, new Usage(promptTokens, reasoning, text));
                return;
            }
            if (sent == script.failAfter()) {
                writer.fail(new Usage(promptTokens, reasoning, text));
                return;
            }
            if (sent == script.cutAfter()) {
                return;
            }
            if (sent > 0) {
                sleep(pauseMs);
            }
            if (reasoning < reasoningTokens) {
                reasoning++;
                writer.reasoning(reasoning == 1 ? "r1" : " r" + reasoning, new Usage(promptTokens, reasoning, text));
            } else {
                text++;
                String token = script.markdown() ? MarkdownSample.TOKENS.get((text - 1) % MarkdownSample.TOKENS.size())
                        : text > 1 ? " w" + text : images > 0 ? "img" + images : "w1";
                writer.text(token, new Usage(promptTokens, reasoning, text));
            }
        }
        writer.finish(false, new Usage(promptTokens, reasoning, text));
    }

    static void sleep(long millis) throws IOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
