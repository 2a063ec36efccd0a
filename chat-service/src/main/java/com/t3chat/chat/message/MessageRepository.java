package com.t3chat.chat.message;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class MessageRepository {

    private final DatabaseClient db;

    MessageRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Message message) {
        return db.sql("""
                        insert into message (id, chat_id, parent_id, role, content, reasoning, status, model,
                                             finish_reason, input_tokens, output_tokens, error, notice, delta_ends,
                                             reasoning_ends, request_event_id, created_at, finished_at, owner_id)
                        values (:id, :chatId, :parentId, :role, :content, :reasoning, :status, :model,
                                :finishReason, :inputTokens, :outputTokens, :error, :notice, :deltaEnds,
                                :reasoningEnds, :requestEventId, :createdAt, :finishedAt,
                                (select owner_id from chat where id = :chatId))""")
                .bind("id", message.id())
                .bind("chatId", message.chatId())
                .bind("parentId", Parameter.fromOrEmpty(message.parentId(), UUID.class))
                .bind("role", message.role())
                .bind("content", message.content())
                .bind("reasoning", Parameter.fromOrEmpty(message.reasoning(), String.class))
                .bind("status", message.status())
                .bind("model", Parameter.fromOrEmpty(message.model(), String.class))
                .bind("finishReason", Parameter.fromOrEmpty(message.finishReason(), String.class))
                .bind("inputTokens", Parameter.fromOrEmpty(message.inputTokens(), Long.class))
                .bind("outputTokens", Parameter.fromOrEmpty(message.outputTokens(), Long.class))
                .bind("error", Parameter.fromOrEmpty(message.error(), String.class))
                .bind("notice", Parameter.fromOrEmpty(message.notice(), String.class))
                .bind("deltaEnds", Parameter.fromOrEmpty(message.deltaEnds(), Integer[].class))
                .bind("reasoningEnds", Parameter.fromOrEmpty(message.reasoningEnds(), Integer[].class))
                .bind("requestEventId", Parameter.fromOrEmpty(message.requestEventId(), UUID.class))
                .bind("createdAt", message.createdAt())
                .bind("finishedAt", Parameter.fromOrEmpty(message.finishedAt(), Instant.class))
                .then();
    }

    /**
     * A user's replies (across their chats) being written now, and those requested since {@code since} with the
     * oldest of them: what the per-user reply limits count. One statement over two partial indexes.
     */
    Mono<ReplyUse> replyUse(String ownerId, Instant since) {
        return db.sql("""
                        select (select count(*) from message
                                where owner_id = :owner and status = 'pending') as running,
                               count(*) as recent, min(created_at) as oldest
                        from message
                        where owner_id = :owner and role = 'assistant' and request_event_id is not null
                          and created_at > :since""")
                .bind("owner", ownerId)
                .bind("since", since)
                .map(row -> new ReplyUse(row.get("running", Long.class), row.get("recent", Long.class),
                        row.get("oldest", Instant.class)))
                .one();
    }

    /** @param oldest the oldest reply requested in the window, or null when there is none */
    record ReplyUse(long running, long recent, Instant oldest) {
    }

    /** The message if it belongs to that chat. */
    Mono<Message> find(UUID chatId, UUID id) {
        return db.sql("select * from message where id = :id and chat_id = :chatId")
                .bind("id", id)
                .bind("chatId", chatId)
                .map(MessageRepository::toMessage)
                .one();
    }

    Flux<Message> findAll(UUID chatId) {
        return db.sql("select * from message where chat_id = :chatId order by seq")
                .bind("chatId", chatId)
                .map(MessageRepository::toMessage)
                .all();
    }

    /** The branch from the root down to {@code id}, oldest first. */
    Flux<Message> path(UUID chatId, UUID id) {
        return db.sql("""
                        with recursive path as (
                            select m.*, 0 as depth from message m where m.id = :id and m.chat_id = :chatId
                            union all
                            select m.*, p.depth + 1 from message m join path p on m.id = p.parent_id
                        )
                        select * from path order by depth desc""")
                .bind("id", id)
                .bind("chatId", chatId)
                .map(MessageRepository::toMessage)
                .all();
    }

    /**
     * The branch upward from {@code fromId} (itself first, then its parent, …), at most {@code limit} messages, or
     * none when {@code fromId} is not a message of the chat. PostgreSQL evaluates a recursive query only as far as
     * the outer query fetches: the cost is the page's, not the branch's.
     */
    Flux<Message> branchPage(UUID chatId, UUID fromId, int limit) {
        return db.sql("""
                        with recursive branch as (
                            select m.*, 0 as depth from message m where m.id = :from and m.chat_id = :chatId
                            union all
                            select m.*, b.depth + 1 from message m join branch b on m.id = b.parent_id
                        )
                        select * from branch limit :limit""")
                .bind("from", fromId)
                .bind("chatId", chatId)
                .bind("limit", limit)
                .map(MessageRepository::toMessage)
                .all();
    }

    /**
     * The children of each of {@code parentIds} (and the chat's root messages when {@code roots}), each parent's
     * oldest first: the versions of the messages under those parents. One statement over {@code message_parent}.
     */
    Flux<Versions> versions(UUID chatId, UUID[] parentIds, boolean roots) {
        return db.sql("""
                        select parent_id, array_agg(id order by seq) as ids from message
                        where chat_id = :chatId and (parent_id = any(:parents) or (parent_id is null and :roots))
                        group by parent_id""")
                .bind("chatId", chatId)
                .bind("parents", parentIds)
                .bind("roots", roots)
                .map(row -> new Versions(row.get("parent_id", UUID.class), row.get("ids", UUID[].class)))
                .all();
    }

    /** @param parentId null for the chat's root messages */
    record Versions(UUID parentId, UUID[] ids) {
    }

    /**
     * The newest descendant of {@code id} following the newest child at each step (the leaf a client shows when it
     * switches to that version), {@code id} itself when it has no children; empty when it is not the chat's.
     */
    Mono<UUID> newestLeafUnder(UUID chatId, UUID id) {
        return db.sql("""
                        with recursive down as (
                            select m.id, 0 as depth from message m where m.id = :id and m.chat_id = :chatId
                            union all
                            select c.id, d.depth + 1 from down d
                            cross join lateral (select id from message
                                                where chat_id = :chatId and parent_id = d.id
                                                order by seq desc limit 1) c
                        )
                        select id from down order by depth desc limit 1""")
                .bind("id", id)
                .bind("chatId", chatId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /**
     * Writes a reply's end once: answers false if it had already ended (a replayed or late event). A provisional end
     * (this service's own guess that the generator died or never came) replaces only a pending reply; the
     * generator's own end replaces a provisional one too, never a user's stop or another real end. The model is
     * replaced only when the reply names one (another model may have answered in the requested one's place).
     */
    Mono<Boolean> finish(FinishedReply reply) {
        return db.sql("""
                        update message set status = :status, content = :content, reasoning = :reasoning,
                               model = coalesce(:model, model), finish_reason = :finishReason,
                               input_tokens = :inputTokens, output_tokens = :outputTokens, error = :error,
                               notice = :notice, delta_ends = :deltaEnds, reasoning_ends = :reasoningEnds,
                               finished_at = :finishedAt, provisional = :provisional
                        where id = :id and (status = 'pending' or (provisional and not :provisional))""")
                .bind("status", reply.status())
                .bind("content", reply.content())
                .bind("reasoning", Parameter.fromOrEmpty(reply.reasoning(), String.class))
                .bind("model", Parameter.fromOrEmpty(reply.model(), String.class))
                .bind("finishReason", Parameter.fromOrEmpty(reply.finishReason(), String.class))
                .bind("inputTokens", Parameter.fromOrEmpty(reply.inputTokens(), Long.class))
                .bind("outputTokens", Parameter.fromOrEmpty(reply.outputTokens(), Long.class))
                .bind("error", Parameter.fromOrEmpty(reply.error(), String.class))
                .bind("notice", Parameter.fromOrEmpty(reply.notice(), String.class))
                .bind("deltaEnds", Parameter.fromOrEmpty(reply.deltaEnds(), Integer[].class))
                .bind("reasoningEnds", Parameter.fromOrEmpty(reply.reasoningEnds(), Integer[].class))
                .bind("finishedAt", reply.finishedAt())
                .bind("provisional", reply.provisional())
                .bind("id", reply.id())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Records once when a generator claimed the reply (a replayed ReplyStarted changes nothing). */
    Mono<Void> markClaimed(UUID id, Instant at) {
        return db.sql("update message set claimed_at = :at where id = :id and claimed_at is null")
                .bind("at", at)
                .bind("id", id)
                .then();
    }

    /** The message with this id, whatever its chat (for this service's own events, which name only the reply). */
    Mono<Message> findById(UUID id) {
        return db.sql("select * from message where id = :id")
                .bind("id", id)
                .map(MessageRepository::toMessage)
                .one();
    }

    /**
     * Pending replies claimed (or, unclaimed, created) more than {@code silence} ago: candidates for a generator
     * that died or for a request no generator picked up (the caller tells them apart and checks recent deltas).
     */
    Flux<Message> pendingSince(Duration silence) {
        return db.sql("""
                        select * from message
                        where status = 'pending' and coalesce(claimed_at, created_at)
                              < now() - make_interval(secs => :seconds)""")
                .bind("seconds", (double) silence.toMillis() / 1000)
                .map(MessageRepository::toMessage)
                .all();
    }

    private static Message toMessage(Readable row) {
        return new Message(row.get("id", UUID.class), row.get("chat_id", UUID.class),
                row.get("parent_id", UUID.class), row.get("role", String.class), row.get("content", String.class),
                row.get("reasoning", String.class), row.get("status", String.class), row.get("model", String.class),
                row.get("finish_reason", String.class), row.get("input_tokens", Long.class),
                row.get("output_tokens", Long.class), row.get("error", String.class), row.get("notice", String.class),
                row.get("delta_ends", Integer[].class), row.get("reasoning_ends", Integer[].class),
                row.get("request_event_id", UUID.class),
                row.get("created_at", Instant.class), row.get("finished_at", Instant.class),
                row.get("claimed_at", Instant.class));
    }
}
