package com.t3chat.chat.chat;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class ChatRepository {

    private final DatabaseClient db;

    ChatRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Chat chat) {
        return db.sql("""
                        insert into chat (id, owner_id, title, model, pinned, archived, created_at, last_activity_at,
                                          conversation_events)
                        values (:id, :owner, :title, :model, :pinned, :archived, :createdAt, :lastActivityAt,
                                :conversationEvents)""")
                .bind("id", chat.id())
                .bind("owner", chat.ownerId())
                .bind("title", chat.title())
                .bind("model", Parameter.fromOrEmpty(chat.model(), String.class))
                .bind("pinned", chat.pinned())
                .bind("archived", chat.archived())
                .bind("createdAt", chat.createdAt())
                .bind("lastActivityAt", chat.lastActivityAt())
                .bind("conversationEvents", chat.conversationEvents())
                .then();
    }

    Mono<Chat> findOwned(UUID id, String ownerId) {
        return db.sql("select * from chat where id = :id and owner_id = :owner")
                .bind("id", id)
                .bind("owner", ownerId)
                .map(ChatRepository::toChat)
                .one();
    }

    Mono<Void> moveLeaf(UUID chatId, UUID leafId, Instant activity) {
        return db.sql("""
                        update chat set current_leaf_id = :leaf,
                               last_activity_at = greatest(last_activity_at, :activity)
                        where id = :id""")
                .bind("leaf", leafId)
                .bind("activity", activity)
                .bind("id", chatId)
                .then();
    }

    Mono<Void> update(UUID id, UpdateChatRequest change) {
        return db.sql("""
                        update chat set title = coalesce(:title, title), pinned = coalesce(:pinned, pinned),
                               archived = coalesce(:archived, archived), model = coalesce(:model, model),
                               fallback_model = case when :fallback::text is null then fallback_model
                                                     else nullif(:fallback::text, '') end
                        where id = :id""")
                .bind("fallback", Parameter.fromOrEmpty(change.fallbackModel(), String.class))
                .bind("title", Parameter.fromOrEmpty(change.title() == null ? null : change.title().strip(),
                        String.class))
                .bind("pinned", Parameter.fromOrEmpty(change.pinned(), Boolean.class))
                .bind("archived", Parameter.fromOrEmpty(change.archived(), Boolean.class))
                .bind("model", Parameter.fromOrEmpty(change.model(), String.class))
                .bind("id", id)
                .then();
    }

    Mono<Void> renameIfDefault(UUID id, String title, String defaultTitle) {
        return renamedIfDefault(id, title, defaultTitle).then();
    }

    /** Whether the chat still had the default title and now has {@code title}. */
    Mono<Boolean> renamedIfDefault(UUID id, String title, String defaultTitle) {
        return db.sql("update chat set title = :title where id = :id and title = :default")
                .bind("title", title)
                .bind("id", id)
                .bind("default", defaultTitle)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * The text of the question {@code replyId} answers, when that question opened the chat (a root user message)
     * and the chat still has {@code defaultTitle}; else empty. One statement.
     */
    Mono<String> openingQuestion(UUID chatId, UUID replyId, String defaultTitle) {
        return db.sql("""
                        select q.content from message r
                        join message q on q.id = r.parent_id
                        join chat c on c.id = r.chat_id
                        where r.id = :reply and r.chat_id = :chat and q.parent_id is null and q.role = 'user'
                          and c.title = :default""")
                .bind("reply", replyId)
                .bind("chat", chatId)
                .bind("default", defaultTitle)
                .map(row -> row.get("content", String.class))
                .one();
    }

    /** Deletes the chat with its messages and shares; answers the replies that were still pending. */
    Flux<UUID> delete(UUID id) {
        return db.sql("select id from message where chat_id = :id and status = 'pending'")
                .bind("id", id)
                .map(row -> row.get("id", UUID.class))
                .all()
                .collectList()
                .flatMapMany(pending -> db.sql("delete from chat where id = :id").bind("id", id).then()
                        .thenMany(Flux.fromIterable(pending)));
    }

    /** A page of the owner's chats, newest activity first, strictly after the cursor position if given. */
    Flux<Chat> findPage(String ownerId, ChatFilter filter, ChatCursor after, int limit) {
        return db.sql("""
                        select * from chat where owner_id = :owner
                          and (cast(:pinned as boolean) is null or pinned = :pinned)
                          and (cast(:archived as boolean) is null or archived = :archived)
                          and (cast(:activity as timestamptz) is null or (last_activity_at, id) < (:activity, :id))
                        order by last_activity_at desc, id desc limit :limit""")
                .bind("owner", ownerId)
                .bind("pinned", Parameter.fromOrEmpty(filter.pinned(), Boolean.class))
                .bind("archived", Parameter.fromOrEmpty(filter.archived(), Boolean.class))
                .bind("activity", Parameter.fromOrEmpty(after == null ? null : after.lastActivityAt(), Instant.class))
                .bind("id", Parameter.fromOrEmpty(after == null ? null : after.id(), UUID.class))
                .bind("limit", limit)
                .map(ChatRepository::toChat)
                .all();
    }

    private static Chat toChat(Readable row) {
        return new Chat(row.get("id", UUID.class), row.get("owner_id", String.class), row.get("title", String.class),
                row.get("model", String.class), Boolean.TRUE.equals(row.get("pinned", Boolean.class)),
                Boolean.TRUE.equals(row.get("archived", Boolean.class)), row.get("created_at", Instant.class),
                row.get("last_activity_at", Instant.class), row.get("current_leaf_id", UUID.class),
                row.get("fallback_model", String.class),
                Boolean.TRUE.equals(row.get("conversation_events", Boolean.class)));
    }
}
