package com.t3chat.chat.stream;

import com.t3chat.chat.chat.ChatService;
import com.t3chat.chat.message.FinishedReply;
import com.t3chat.chat.message.Message;
import com.t3chat.chat.message.Replies;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.contracts.llm.ReplyStarted;
import com.t3chat.contracts.llm.Usage;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
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
    private final Replies messages;
    private final ChatService chats;
    private final TransactionalOperator tx;

    ReplyRelay(LiveReplies live, Replies messages, ChatService chats, TransactionalOperator tx) {
        this.live = live;
        this.messages = messages;
        this.chats = chats;
        this.tx = tx;
    }

    void on(ReplyDelta delta) {
        live.get(delta.replyId()).onDelta(delta.seq(), delta.text(), delta.reasoning());
    }

    /**
     * A generator claimed the reply: its subscribers learn it at once; the claim is recorded once (the watchdog
     * measures the generator's silence from it, also after a restart of this service).
     */
    Mono<Void> on(ReplyStarted started) {
        live.get(started.replyId()).onStarted();
        return messages.markClaimed(started.replyId(), started.occurredAt());
    }

    /** The reply's end arrived from its generator (it is stored next, however long the database takes). */
    void ending(UUID replyId) {
        live.get(replyId).onEnding();
    }

    /**
     * Names the chat unless its owner already did, and tells the reply's subscribers: a title from an llm-service
     * older than v13, kept for a rolling upgrade (titles are made here now, when the first reply is stored).
     */
    Mono<Void> on(ChatTitleGenerated titled) {
        return chats.applyGeneratedTitle(titled.chatId(), titled.title())
                .then(Mono.fromRunnable(() -> live.get(titled.replyId())
                        .onEvent(new ReplyEvent.Titled(titled.title()))));
    }

    /**
     * Stores the reply with the model that actually wrote it (a fallback model may have answered); the first reply
     * of a chat still called by its default name gives the chat its title, sent to subscribers before the end.
     */
    Mono<Void> on(ReplyCompleted completed) {
        LiveReply reply = live.get(completed.replyId());
        String reasoning = reasoningOf(reply, completed.reasoning());
        long input = completed.usage() == null ? 0 : completed.usage().inputTokens();
        long output = completed.usage() == null ? 0 : completed.usage().outputTokens();
        LiveReply.Boundaries ends = reply.boundaries(completed.text(), reasoning);
        return messages.finish(new FinishedReply(completed.replyId(), Message.COMPLETE, completed.text(), reasoning,
                        completed.model(), completed.finishReason(), input, output, null, completed.notice(),
                        ends == null ? null : ends.text(), ends == null ? null : ends.reasoning(),
                        completed.occurredAt(), false))
                .doOnNext(first -> log.debug("reply {} completed ({}) by {}, stored now: {}", completed.replyId(),
                        completed.finishReason(), completed.model(), first))
                .filter(first -> first)
                .flatMap(first -> chats.titleForFirstReply(completed.chatId(), completed.replyId()))
                .doOnNext(title -> title.ifPresent(t -> reply.onEvent(new ReplyEvent.Titled(t))))
                .then(Mono.fromRunnable(() -> reply.end(
                        new ReplyEvent.Done(completed.finishReason(), completed.usage(), completed.model(),
                                completed.notice()),
                        completed.text(), reasoning, completed.lastSeq())));
    }

    Mono<Void> on(ReplyFailed failed) {
        return fail(failed.replyId(), failed.reason(), failed.text(), failed.reasoning(), failed.lastSeq(),
                failed.occurredAt(), false, Mono.empty());
    }

    /**
     * Fails a reply on this service's own judgement (its generator went silent, or none picked it up) with what
     * text and reasoning it has; {@code alongside} is written in the same transaction. The failure is provisional:
     * the generator's own end, should it still come, replaces it.
     */
    Mono<Void> failOnOwnJudgement(UUID replyId, String reason, Mono<Void> alongside) {
        return fail(replyId, reason, null, null, 0, Instant.now(), true, alongside);
    }

    /** Fails a reply whose request never left this service (its outbox row was parked): nothing will replace it. */
    Mono<Void> failUndelivered(UUID replyId, String reason) {
        return fail(replyId, reason, null, null, 0, Instant.now(), false, Mono.empty());
    }

    private Mono<Void> fail(UUID replyId, String reason, String text, String reasoning, long lastSeq, Instant at,
            boolean provisional, Mono<Void> alongside) {
        LiveReply reply = live.get(replyId);
        String partial = text == null ? reply.text() : text;
        String thinking = reasoningOf(reply, reasoning);
        LiveReply.Boundaries ends = reply.boundaries(partial, thinking);
        Mono<Boolean> write = messages.finish(new FinishedReply(replyId, Message.FAILED, partial, thinking, null, null,
                null, null, reason, null, ends == null ? null : ends.text(), ends == null ? null : ends.reasoning(),
                at, provisional));
        return tx.transactional(write.flatMap(written -> written ? alongside.thenReturn(true) : Mono.just(false)))
                .then(Mono.fromRunnable(() -> reply.end(new ReplyEvent.Failed(reason), partial, thinking, lastSeq)));
    }

    /** Ends the streams of a reply that ended without llm-service (stopped or abandoned while it waited). */
    void endedWhileWaiting(Message message) {
        live.find(message.id()).ifPresent(reply -> reply.end(Message.FAILED.equals(message.status())
                ? new ReplyEvent.Failed(message.error())
                : new ReplyEvent.Done(message.finishReason(), new Usage(0, 0), message.model(), message.notice()),
                message.content(), message.reasoning(), 0));
    }

    /**
     * The event's reasoning; when it has none (an older producer, or the watchdog), what this replica saw, so that
     * thinking a reader already watched is not lost.
     */
    private static String reasoningOf(LiveReply reply, String fromEvent) {
        if (fromEvent != null) {
            return fromEvent;
        }
        String seen = reply.reasoning();
        return seen.isEmpty() ? null : seen;
    }
}
