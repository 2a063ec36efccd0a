package com.t3chat.chat.stream;

import com.t3chat.chat.chat.ChatService;
import com.t3chat.chat.message.Message;
import com.t3chat.chat.message.MessageRepository;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Relays reply events to this replica's subscribers, and writes a finished reply once (every replica tries; the
 * first write wins, the others change nothing). The end event reaches subscribers only after the write, so a
 * client that reloads the chat right after {@code done} sees the stored text.
 */
@Service
class ReplyRelay {

    private static final Logger log = LoggerFactory.getLogger(ReplyRelay.class);

    private final LiveReplies live;
    private final MessageRepository messages;
    private final ChatService chats;

    ReplyRelay(LiveReplies live, MessageRepository messages, ChatService chats) {
        this.live = live;
        this.messages = messages;
        this.chats = chats;
    }

    void on(ReplyDelta delta) {
        live.get(delta.replyId()).onDelta(delta.seq(), delta.text());
    }

    /** Names the chat unless its owner already did, and tells the reply's subscribers. */
    Mono<Void> on(ChatTitleGenerated titled) {
        return chats.applyGeneratedTitle(titled.chatId(), titled.title())
                .then(Mono.fromRunnable(() -> live.get(titled.replyId())
                        .onEvent(new ReplyEvent.Titled(titled.title()))));
    }

    Mono<Void> on(ReplyCompleted completed) {
        LiveReply reply = live.get(completed.replyId());
        long input = completed.usage() == null ? 0 : completed.usage().inputTokens();
        long output = completed.usage() == null ? 0 : completed.usage().outputTokens();
        return messages.finish(completed.replyId(), Message.COMPLETE, completed.text(), completed.finishReason(),
                        input, output, null, deltaEnds(reply, completed.text()), completed.occurredAt())
                .doOnNext(first -> log.debug("reply {} completed ({}), stored now: {}", completed.replyId(),
                        completed.finishReason(), first))
                .then(Mono.fromRunnable(() -> reply.end(
                        new ReplyEvent.Done(completed.finishReason(), completed.usage()), completed.text(),
                        completed.lastSeq())));
    }

    Mono<Void> on(ReplyFailed failed) {
        return fail(failed.replyId(), failed.reason(), failed.text(), failed.lastSeq(), failed.occurredAt());
    }

    /** Fails a reply with what text it has; also used when its generator went silent. */
    Mono<Void> fail(UUID replyId, String reason, String text, long lastSeq, Instant at) {
        LiveReply reply = live.get(replyId);
        String partial = text == null ? reply.text() : text;
        return messages.finish(replyId, Message.FAILED, partial, null, null, null, reason,
                        deltaEnds(reply, partial), at)
                .then(Mono.fromRunnable(() -> reply.end(new ReplyEvent.Failed(reason), partial, lastSeq)));
    }

    /** Delta boundaries are stored only when this replica saw exactly the deltas that make up the final text. */
    private static Integer[] deltaEnds(LiveReply reply, String finalText) {
        Integer[] ends = reply.deltaEnds();
        if (ends == null || finalText == null) {
            return null;
        }
        int seen = ends.length == 0 ? 0 : ends[ends.length - 1];
        return seen == finalText.length() ? ends : null;
    }
}
