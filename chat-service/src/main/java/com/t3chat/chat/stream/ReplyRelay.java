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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);

    private final LiveReplies live;
    private final Replies messages;
    private final ChatService chats;
    private final TransactionalOperator tx;
    private final ReplyRebuild rebuild;

    ReplyRelay(LiveReplies live, Replies messages, ChatService chats, TransactionalOperator tx, ReplyRebuild rebuild) {
        this.live = live;
        this.rebuild = rebuild;
        this.messages = messages;
        this.chats = chats;
        this.tx = tx;
    }

    void on(ReplyDelta delta) {
        live.onDelta(delta.replyId(), delta.seq(), delta.text(), delta.reasoning());
    }

    /**
     * A generator claimed the reply: its subscribers learn it at once; the claim is recorded once (the watchdog
     * measures the generator's silence from it, also after a restart of this service).
     */
    Mono<Void> on(ReplyStarted started) {
        live.onStarted(started.replyId());
        return messages.markClaimed(started.replyId(), started.occurredAt());
    }

    /** The reply's end arrived from its generator (it is stored next, however long the database takes). */
    void ending(UUID replyId) {
        live.onEnding(replyId);
    }

    /**
     * Names the chat unless its owner already did, and tells the reply's subscribers: a title from an llm-service
     * older than v13, kept for a rolling upgrade (titles are made here now, when the first reply is stored).
     */
    Mono<Void> on(ChatTitleGenerated titled) {
        return chats.applyGeneratedTitle(titled.chatId(), titled.title())
                .then(Mono.fromRunnable(() -> live.onEvent(titled.replyId(),
                        new ReplyEvent.Titled(titled.title()))));
    }

    /**
     * Stores the reply with the model that actually wrote it (a fallback model may have answered); the first reply
     * of a chat still called by its default name gives the chat its title, sent to subscribers before the end.
     */
    Mono<Void> on(ReplyCompleted completed) {
        UUID replyId = completed.replyId();
        String reasoning = reasoningOf(replyId, completed.reasoning());
        long input = completed.usage() == null ? 0 : completed.usage().inputTokens();
        long output = completed.usage() == null ? 0 : completed.usage().outputTokens();
        ReplyProgress.Boundaries ends = live.progress(replyId).boundaries(completed.text(), reasoning);
        return messages.finish(new FinishedReply(completed.replyId(), Message.COMPLETE, completed.text(), reasoning,
                        completed.model(), completed.finishReason(), input, output, null, completed.notice(),
                        ends == null ? null : ends.text(), ends == null ? null : ends.reasoning(),
                        completed.occurredAt(), false))
                .doOnNext(first -> log.debug("reply {} completed ({}) by {}, stored now: {}", completed.replyId(),
                        completed.finishReason(), completed.model(), first))
                // only the replica that stored the end titles the chat; the title goes after the whole text (also a
                // part this replica only learns from the end), before done
                .flatMap(first -> first ? chats.titleForFirstReply(completed.chatId(), completed.replyId())
                        .map(title -> title.<List<ReplyEvent>>map(t -> List.of(new ReplyEvent.Titled(t)))
                                .orElse(List.of())) : Mono.<List<ReplyEvent>>empty())
                .defaultIfEmpty(List.of())
                .doOnNext(beforeEnd -> live.end(replyId,
                        new ReplyEvent.Done(completed.finishReason(), completed.usage(), completed.model(),
                                completed.notice()),
                        completed.text(), reasoning, completed.lastSeq(), beforeEnd))
                .then();
    }

    Mono<Void> on(ReplyFailed failed) {
        // an older generator's failure may carry no text: then what this replica's buffer saw
        String text = failed.text() != null ? failed.text()
                : live.buffer(failed.replyId()).map(ReplyBuffer::wholeText).orElse("");
        return fail(failed.replyId(), failed.reason(), Mono.just(new Seen(text, failed.reasoning())),
                failed.lastSeq(), failed.occurredAt(), false, Mono.empty());
    }

    /**
     * Fails a reply on this service's own judgement (its generator went silent, or none picked it up) with what
     * text and reasoning it has (from this replica's buffer, else read back from the topic); {@code alongside} is
     * written in the same transaction. The failure is provisional: the generator's own end, should it still come,
     * replaces it.
     */
    Mono<Void> failOnOwnJudgement(Message reply, String reason, Mono<Void> alongside) {
        return fail(reply.id(), reason, seen(reply), 0, Instant.now(), true, alongside);
    }

    /** Fails a reply whose request never left this service (its outbox row was parked): nothing will replace it. */
    Mono<Void> failUndelivered(UUID replyId, String reason) {
        return fail(replyId, reason, Mono.just(new Seen("", null)), 0, Instant.now(), false, Mono.empty());
    }

    private Mono<Void> fail(UUID replyId, String reason, Mono<Seen> seen, long lastSeq, Instant at,
            boolean provisional, Mono<Void> alongside) {
        return seen.flatMap(got -> {
            String partial = got.text() == null ? "" : got.text();
            String thinking = reasoningOf(replyId, got.reasoning());
            ReplyProgress.Boundaries ends = live.progress(replyId).boundaries(partial, thinking);
            Mono<Boolean> write = messages.finish(new FinishedReply(replyId, Message.FAILED, partial, thinking, null,
                    null, null, null, reason, null, ends == null ? null : ends.text(),
                    ends == null ? null : ends.reasoning(), at, provisional));
            return tx.transactional(write.flatMap(written -> written ? alongside.thenReturn(true) : Mono.just(false)))
                    .then(Mono.fromRunnable(() -> live.end(replyId, new ReplyEvent.Failed(reason), partial, thinking,
                            lastSeq)));
        });
    }

    /**
     * The text and reasoning this service has seen of a pending reply: this replica's buffer when it holds all of
     * it; nothing when no delta arrived; else read back from the topic.
     */
    private Mono<Seen> seen(Message reply) {
        Optional<ReplyBuffer> buffer = live.buffer(reply.id());
        String text = buffer.map(ReplyBuffer::wholeText).orElse(null);
        if (text != null) {
            return Mono.just(new Seen(text, buffer.get().wholeReasoning()));
        }
        if (live.findProgress(reply.id()).filter(p -> p.lastSeq() == 0 && !p.gap()).isPresent()) {
            return Mono.just(new Seen("", null));
        }
        return rebuild.events(reply.id(), reply.createdAt())
                .ofType(ReplyDelta.class)
                .collectList()
                .map(ReplyRelay::seenIn)
                .timeout(READ_BACK_TIMEOUT)
                .onErrorResume(error -> {
                    log.warn("The text of reply {} could not be read back ({}); failing it without", reply.id(),
                            error.toString());
                    return Mono.just(new Seen("", null));
                });
    }

    /** The text and reasoning of deltas read back (in order, a duplicate or a gap ends what is trusted). */
    private static Seen seenIn(List<ReplyDelta> deltas) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        long next = 1;
        for (ReplyDelta delta : deltas) {
            if (delta.seq() < next) {
                continue;
            }
            if (delta.seq() > next) {
                break;
            }
            if (delta.reasoning() != null) {
                reasoning.append(delta.reasoning());
            } else if (delta.text() != null) {
                text.append(delta.text());
            }
            next++;
        }
        return new Seen(text.toString(), reasoning.isEmpty() ? null : reasoning.toString());
    }

    private record Seen(String text, String reasoning) {
    }

    /** Ends the streams of a reply that ended without llm-service (stopped or abandoned while it waited). */
    void endedWhileWaiting(Message message) {
        live.end(message.id(), Message.FAILED.equals(message.status())
                ? new ReplyEvent.Failed(message.error())
                : new ReplyEvent.Done(message.finishReason(), new Usage(0, 0), message.model(), message.notice()),
                message.content(), message.reasoning(), 0);
    }

    /**
     * The event's reasoning; when it has none (an older producer, or the watchdog), what this replica saw, so that
     * thinking a reader already watched is not lost.
     */
    private String reasoningOf(UUID replyId, String fromEvent) {
        if (fromEvent != null) {
            return fromEvent;
        }
        String seen = live.buffer(replyId).map(ReplyBuffer::wholeReasoning).orElse(null);
        return seen == null || seen.isEmpty() ? null : seen;
    }
}
