package com.t3chat.chat.share;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ShareRepository {

    private static final TypeReference<List<SharedMessage>> SNAPSHOT = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final JsonMapper json;

    ShareRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Void> insert(Share share) {
        return db.sql("""
                        insert into share (token, chat_id, owner_id, message_id, title, snapshot, created_at)
                        values (:token, :chatId, :owner, :messageId, :title, cast(:snapshot as jsonb), :createdAt)""")
                .bind("token", share.token())
                .bind("chatId", share.chatId())
                .bind("owner", share.ownerId())
                .bind("messageId", share.messageId())
                .bind("title", share.title())
                .bind("snapshot", json.writeValueAsString(share.snapshot()))
                .bind("createdAt", share.createdAt())
                .then();
    }

    Mono<Share> find(String token) {
        return db.sql("select * from share where token = :token")
                .bind("token", token)
                .map(this::toShare)
                .one();
    }

    Flux<Share> findByChat(UUID chatId) {
        return db.sql("select * from share where chat_id = :chatId order by created_at desc")
                .bind("chatId", chatId)
                .map(this::toShare)
                .all();
    }

    Mono<Boolean> delete(String token, String ownerId) {
        return db.sql("delete from share where token = :token and owner_id = :owner")
                .bind("token", token)
                .bind("owner", ownerId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    private Share toShare(Readable row) {
        return new Share(row.get("token", String.class), row.get("chat_id", UUID.class),
                row.get("owner_id", String.class), row.get("message_id", UUID.class), row.get("title", String.class),
                json.readValue(row.get("snapshot", String.class), SNAPSHOT), row.get("created_at", Instant.class));
    }
}
