package com.t3chat.llm.conversation;

import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.contracts.chat.ChatDeleted;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.llm.model.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The conversations replies answer (table {@code turn}, ADR 0023), kept from chat-service's events instead of
 * travelling in every {@link ReplyRequested}: a user turn per {@link MessagePosted}, a pending assistant turn per
 * request (so that what follows it stays chained even if it is never generated), its text once the reply ends, a copy
 * of the path per {@link ChatBranched} and nothing left of a chat once it is deleted. Every write is safe to apply
 * twice (a replayed event changes nothing). A prompt is one recursive walk up a branch, bounded by the model's input
 * budget: its cost does not grow with the chat's length beyond what the model can read.
 */
@Service
public class Conversations {

    private static final Logger log = LoggerFactory.getLogger(Conversations.class);

    /** A turn's state: a reply's turn is pending until it ends; only complete turns go into prompts. */
    public enum End { COMPLETE, FAILED }

    private final DatabaseClient db;
    private final Counter unknown;

    Conversations(DatabaseClient db, MeterRegistry meters) {
        this.db = db;
        this.unknown = Counter.builder("t3chat.conversations.unknown")
                .description("Replies asked for a branch this service has no turns of (they fail readably)")
                .register(meters);
    }

    /** Stores the user's message as a complete user turn. */
    public Mono<Void> record(MessagePosted event) {
        return insert(event.messageId(), event.chatId(), event.parentId(), PromptMessage.USER, event.content(),
                "complete", event.occurredAt());
    }

    /** Stores the reply's turn as pending, if the request's conversation travels as events. */
    public Mono<Void> record(ReplyRequested request) {
        if (request.history() != null) {
            return Mono.empty(); // a chat from before v13: its requests carry the branch (legacy path)
        }
        return insert(request.replyId(), request.chatId(), request.parentId(), PromptMessage.ASSISTANT, "", "pending",
                request.occurredAt());
    }

    /**
     * Gives a reply's turn its final text: {@link End#COMPLETE} for a completed or stopped reply (its partial text is
     * what chat-service keeps, and what the next prompt carries), {@link End#FAILED} otherwise (left out of prompts,
     * as chat-service leaves it out of the branch). Only a pending turn changes; a legacy chat's reply has none.
     */
    public Mono<Void> recordEnd(UUID replyId, String text, End end) {
        String content = text == null ? "" : text;
        return db.sql("update turn set content = :content, status = :status, tokens = :tokens "
                        + "where id = :id and status = 'pending'")
                .bind("id", replyId)
                .bind("content", content)
                .bind("status", end == End.COMPLETE ? "complete" : "failed")
                .bind("tokens", (int) Tokens.ofMessage(content))
                .then();
    }

    /**
     * Copies the source chat's path up to {@code sourceMessageId} into the new chat, each turn under the id
     * chat-service gave its copy ({@link ChatBranched#copyId}, computed in SQL by {@code copy_id}). A turn still
     * pending in the source is copied as failed: nobody will finish the copy.
     */
    public Mono<Void> copy(ChatBranched event) {
        return db.sql("""
                        with recursive path as (
                            select * from turn where id = :source and chat_id = :sourceChat
                            union all
                            select t.* from turn t join path p on t.id = p.parent_id where t.chat_id = :sourceChat
                        )
                        insert into turn (id, chat_id, parent_id, role, content, status, tokens, created_at)
                        select copy_id(:chat, id), :chat, copy_id(:chat, parent_id), role, content,
                               case when status = 'pending' then 'failed' else status end, tokens, created_at
                        from path
                        on conflict (id) do nothing""")
                .bind("source", event.sourceMessageId())
                .bind("sourceChat", event.sourceChatId())
                .bind("chat", event.chatId())
                .fetch()
                .rowsUpdated()
                .doOnNext(rows -> {
                    if (rows == 0) {
                        log.debug("Branch {} of chat {}: no turns copied (already copied, or the source is unknown)",
                                event.chatId(), event.sourceChatId());
                    }
                })
                .then();
    }

    /** Deletes the chat's turns (a branch's copy is its own chat and goes with its own deletion). */
    public Mono<Void> forget(ChatDeleted event) {
        return db.sql("delete from turn where chat_id = :chat").bind("chat", event.chatId()).then();
    }

    /**
     * The branch that ends at {@code lastId}, oldest first, as prompt turns: only complete turns, walked upwards
     * until their estimated cost passes {@code maxInputTokens} (the turn that passes it is included, so that the
     * trimmer decides with the instructions counted). Fails with {@link UnknownTurnException} if this service has no
     * turn {@code lastId} in that chat.
     */
    public Mono<List<PromptMessage>> branch(UUID chatId, UUID lastId, int maxInputTokens) {
        return db.sql("""
                        with recursive branch as (
                            select id, parent_id, role, content, status,
                                   case when status = 'complete' then tokens else 0 end as total, 0 as depth
                            from turn where id = :last and chat_id = :chat
                            union all
                            select t.id, t.parent_id, t.role, t.content, t.status,
                                   b.total + case when t.status = 'complete' then t.tokens else 0 end, b.depth + 1
                            from turn t join branch b on t.id = b.parent_id
                            where t.chat_id = :chat and b.total <= :budget
                        )
                        select role, content, status from branch order by depth desc""")
                .bind("last", lastId)
                .bind("chat", chatId)
                .bind("budget", (long) maxInputTokens)
                .map(row -> new Turn(row.get("role", String.class), row.get("content", String.class),
                        row.get("status", String.class)))
                .all()
                .collectList()
                .flatMap(turns -> {
                    if (turns.isEmpty()) {
                        unknown.increment();
                        log.warn("Chat {}: no turn {} here (events lost, or a database restored without them)",
                                chatId, lastId);
                        return Mono.error(new UnknownTurnException());
                    }
                    return Mono.just(turns.stream().filter(turn -> "complete".equals(turn.status()))
                            .map(turn -> new PromptMessage(turn.role(), turn.content())).toList());
                });
    }

    private Mono<Void> insert(UUID id, UUID chatId, UUID parentId, String role, String content, String status,
            java.time.Instant createdAt) {
        String text = content == null ? "" : content;
        var spec = db.sql("""
                        insert into turn (id, chat_id, parent_id, role, content, status, tokens, created_at)
                        values (:id, :chat, :parent, :role, :content, :status, :tokens, :createdAt)
                        on conflict (id) do nothing""")
                .bind("id", id)
                .bind("chat", chatId)
                .bind("role", role)
                .bind("content", text)
                .bind("status", status)
                .bind("tokens", "complete".equals(status) ? (int) Tokens.ofMessage(text) : 0)
                .bind("createdAt", createdAt == null ? java.time.Instant.now() : createdAt);
        spec = parentId == null ? spec.bindNull("parent", UUID.class) : spec.bind("parent", parentId);
        return spec.then();
    }

    private record Turn(String role, String content, String status) {
    }

    /** The branch a reply answers is not known here: the reply fails with a sentence its user can act on. */
    public static final class UnknownTurnException extends RuntimeException {

        public static final String MESSAGE = "This conversation is not known to the model service; regenerate it.";

        UnknownTurnException() {
            super(MESSAGE, null, false, false);
        }
    }
}
