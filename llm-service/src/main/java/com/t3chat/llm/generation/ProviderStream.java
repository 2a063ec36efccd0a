package com.t3chat.llm.generation;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * One try of one model as a {@link Flux}: langchain4j's callbacks become tokens (answer text, thinking) and the final
 * response, an error ends the flux, and cancelling it cancels the provider's stream. The model's {@code chat(…)} call
 * runs on {@code boundedElastic}: a client may resolve names or wait for a pooled connection before it streams.
 */
final class ProviderStream {

    private ProviderStream() {
    }

    /** What a reply's stream carries: tokens of either channel, the model's end, and a switch to the fallback. */
    sealed interface Token {

        /** A piece of the answer (may be empty: it still shows the model is alive). */
        record Text(String text) implements Token {
        }

        /** A piece of the model's thinking. */
        record Thinking(String text) implements Token {
        }

        /** The model finished: its finish reason and usage. Always the last token of a try. */
        record End(ChatResponse response) implements Token {
        }

        /** From here on {@code call}'s model answers (the first failed before its first token). Not a provider's. */
        record Fallback(ModelCall call, String notice) implements Token {
        }
    }

    static Flux<Token> of(ModelCall call) {
        return Flux.<Token>create(sink -> {
            var handler = new Handler(sink);
            sink.onCancel(handler::cancel);
            call.chatModel().chat(call.request(), handler); // a throw becomes the flux's error
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Forwards the callbacks of one try. Before the first token there is no streaming handle yet: a try cancelled
     * then is cancelled at its first callback.
     */
    private static final class Handler implements StreamingChatResponseHandler {

        private final FluxSink<Token> sink;
        private volatile StreamingHandle handle;

        Handler(FluxSink<Token> sink) {
            this.sink = sink;
        }

        void cancel() {
            StreamingHandle current = handle;
            if (current != null) {
                current.cancel();
            }
        }

        private void next(Token token, StreamingHandle from) {
            if (from != null) {
                handle = from;
            }
            if (sink.isCancelled()) {
                cancel();
                return;
            }
            sink.next(token);
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            next(new Token.Text(partial.text()), context.streamingHandle());
        }

        @Override
        public void onPartialResponse(String partial) {
            next(new Token.Text(partial), null);
        }

        @Override
        public void onPartialThinking(PartialThinking thinking, PartialThinkingContext context) {
            next(new Token.Thinking(thinking.text()), context.streamingHandle());
        }

        @Override
        public void onPartialThinking(PartialThinking thinking) {
            next(new Token.Thinking(thinking.text()), null);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            sink.next(new Token.End(response));
            sink.complete();
        }

        @Override
        public void onError(Throwable error) {
            sink.error(error);
        }
    }
}
