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
public class MessageRepository {

    private final DatabaseClient db;

    MessageRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Message message) {
        return db.sql("""
                        insert into message (id, chat_id, parent_id, role, content, status, model, finish_reason,
                                             input_tokens, output_tokens, error, delta_ends, request_event_id,
                                             created_at, finished_at)
                        values (:id, :chatId, :parentId, :role, :content, :status, :model, :finishReason,
                                :inputTokens, :outputTokens, :error, :deltaEnds, :requestEventId,
                                :createdAt, :finishedAt)""")
                .bind("id", message.id())
                .bind("chatId", message.chatId())
                .bind("parentId", Parameter.fromOrEmpty(message.parentId(), UUID.class))
                .bind("role", message.role())
                .bind("content", message.content())
                .bind("status", message.status())
                .bind("model", Parameter.fromOrEmpty(message.model(), String.class))
                .bind("finishReason", Parameter.fromOrEmpty(message.finishReason(), String.class))
                .bind("inputTokens", Parameter.fromOrEmpty(message.inputTokens(), Long.class))
                .bind("outputTokens", Parameter.fromOrEmpty(message.outputTokens(), Long.class))
                .bind("error", Parameter.fromOrEmpty(message.error(), String.class))
                .bind("deltaEnds", Parameter.fromOrEmpty(message.deltaEnds(), Integer[].class))
                .bind("requestEventId", Parameter.fromOrEmpty(message.requestEventId(), UUID.class))
                .bind("createdAt", message.createdAt())
                .bind("finishedAt", Parameter.fromOrEmpty(message.finishedAt(), Instant.class))
                .then();
    }

    /** The message if it belongs to that chat. */
    public Mono<Message> find(UUID chatId, UUID id) {
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
    public Flux<Message> path(UUID chatId, UUID id) {
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

    /** Writes a reply's end once: answers false if it had already ended (a replayed or late event). */
    public Mono<Boolean> finish(UUID id, String status, String content, String finishReason, Long inputTokens,
            Long outputTokens, String error, Integer[] deltaEnds, Instant finishedAt) {
        return db.sql("""
                        update message set status = :status, content = :content, finish_reason = :finishReason,
                               input_tokens = :inputTokens, output_tokens = :outputTokens, error = :error,
                               delta_ends = :deltaEnds, finished_at = :finishedAt
                        where id = :id and status = 'pending'""")
                .bind("status", status)
                .bind("content", content)
                .bind("finishReason", Parameter.fromOrEmpty(finishReason, String.class))
                .bind("inputTokens", Parameter.fromOrEmpty(inputTokens, Long.class))
                .bind("outputTokens", Parameter.fromOrEmpty(outputTokens, Long.class))
                .bind("error", Parameter.fromOrEmpty(error, String.class))
                .bind("deltaEnds", Parameter.fromOrEmpty(deltaEnds, Integer[].class))
                .bind("finishedAt", finishedAt)
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Pending replies whose request left the outbox more than {@code silence} ago: candidates for a generator that
     * died (the caller checks that no delta arrived recently either).
     */
    public Flux<Message> pendingRequestedBefore(Duration silence) {
        return db.sql("""
                        select m.* from message m join outbox o on o.event_id = m.request_event_id
                        where m.status = 'pending' and o.sent_at < now() - make_interval(secs => :seconds)""")
                .bind("seconds", (double) silence.toSeconds())
                .map(MessageRepository::toMessage)
                .all();
    }

    private static Message toMessage(Readable row) {
        return new Message(row.get("id", UUID.class), row.get("chat_id", UUID.class),
                row.get("parent_id", UUID.class), row.get("role", String.class), row.get("content", String.class),
                row.get("status", String.class), row.get("model", String.class),
                row.get("finish_reason", String.class), row.get("input_tokens", Long.class),
                row.get("output_tokens", Long.class), row.get("error", String.class),
                row.get("delta_ends", Integer[].class), row.get("request_event_id", UUID.class),
                row.get("created_at", Instant.class), row.get("finished_at", Instant.class));
    }
}
