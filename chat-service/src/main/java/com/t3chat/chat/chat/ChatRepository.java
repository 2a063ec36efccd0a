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
                        insert into chat (id, owner_id, title, model, pinned, archived, created_at, last_activity_at)
                        values (:id, :owner, :title, :model, :pinned, :archived, :createdAt, :lastActivityAt)""")
                .bind("id", chat.id())
                .bind("owner", chat.ownerId())
                .bind("title", chat.title())
                .bind("model", Parameter.fromOrEmpty(chat.model(), String.class))
                .bind("pinned", chat.pinned())
                .bind("archived", chat.archived())
                .bind("createdAt", chat.createdAt())
                .bind("lastActivityAt", chat.lastActivityAt())
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

    /** A page of the owner's chats, newest activity first, strictly after the cursor position if given. */
    Flux<Chat> findPage(String ownerId, ChatCursor after, int limit) {
        if (after == null) {
            return db.sql("""
                            select * from chat where owner_id = :owner
                            order by last_activity_at desc, id desc limit :limit""")
                    .bind("owner", ownerId)
                    .bind("limit", limit)
                    .map(ChatRepository::toChat)
                    .all();
        }
        return db.sql("""
                        select * from chat where owner_id = :owner
                          and (last_activity_at, id) < (:activity, :id)
                        order by last_activity_at desc, id desc limit :limit""")
                .bind("owner", ownerId)
                .bind("activity", after.lastActivityAt())
                .bind("id", after.id())
                .bind("limit", limit)
                .map(ChatRepository::toChat)
                .all();
    }

    private static Chat toChat(Readable row) {
        return new Chat(row.get("id", UUID.class), row.get("owner_id", String.class), row.get("title", String.class),
                row.get("model", String.class), Boolean.TRUE.equals(row.get("pinned", Boolean.class)),
                Boolean.TRUE.equals(row.get("archived", Boolean.class)), row.get("created_at", Instant.class),
                row.get("last_activity_at", Instant.class), row.get("current_leaf_id", UUID.class));
    }
}
