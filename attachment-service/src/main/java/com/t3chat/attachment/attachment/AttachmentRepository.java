package com.t3chat.attachment.attachment;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class AttachmentRepository {

    private final DatabaseClient db;

    AttachmentRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Attachment a) {
        return db.sql("""
                        insert into attachment (id, owner_id, chat_id, name, media_type, size_bytes, object_key, status,
                                                created_at)
                        values (:id, :owner, :chat, :name, :mediaType, :size, :key, :status, :createdAt)""")
                .bind("id", a.id())
                .bind("owner", a.ownerId())
                .bind("chat", Parameter.fromOrEmpty(a.chatId(), UUID.class))
                .bind("name", a.name())
                .bind("mediaType", a.mediaType())
                .bind("size", a.sizeBytes())
                .bind("key", a.objectKey())
                .bind("status", a.status())
                .bind("createdAt", a.createdAt())
                .then();
    }

    Mono<Attachment> findOwned(UUID id, String ownerId) {
        return db.sql("select * from attachment where id = :id and owner_id = :owner")
                .bind("id", id)
                .bind("owner", ownerId)
                .map(AttachmentRepository::toAttachment)
                .one();
    }

    /** A page of the owner's files, newest first, strictly after the cursor position if given. */
    Flux<Attachment> findPage(String ownerId, UUID chatId, AttachmentCursor after, int limit) {
        return db.sql("""
                        select * from attachment where owner_id = :owner
                          and (cast(:chat as uuid) is null or chat_id = :chat)
                          and (cast(:createdAt as timestamptz) is null or (created_at, id) < (:createdAt, :id))
                        order by created_at desc, id desc limit :limit""")
                .bind("owner", ownerId)
                .bind("chat", Parameter.fromOrEmpty(chatId, UUID.class))
                .bind("createdAt", Parameter.fromOrEmpty(after == null ? null : after.createdAt(), Instant.class))
                .bind("id", Parameter.fromOrEmpty(after == null ? null : after.id(), UUID.class))
                .bind("limit", limit)
                .map(AttachmentRepository::toAttachment)
                .all();
    }

    /** Deletes the owner's row; answers what it was, or empty when there was none. */
    Mono<Attachment> deleteOwned(UUID id, String ownerId) {
        return db.sql("delete from attachment where id = :id and owner_id = :owner returning *")
                .bind("id", id)
                .bind("owner", ownerId)
                .map(AttachmentRepository::toAttachment)
                .one();
    }

    /** Which of these ids have a row. */
    Mono<List<UUID>> existing(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("select id from attachment where id = any(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(row -> row.get("id", UUID.class))
                .all()
                .collectList();
    }

    static Attachment toAttachment(Readable row) {
        return new Attachment(row.get("id", UUID.class), row.get("owner_id", String.class),
                row.get("chat_id", UUID.class), row.get("name", String.class), row.get("media_type", String.class),
                row.get("size_bytes", Long.class), row.get("object_key", String.class),
                row.get("status", String.class), row.get("created_at", Instant.class), row.get("stage", String.class),
                row.get("pages_done", Integer.class), row.get("pages", Integer.class),
                row.get("chunks", Integer.class), row.get("ocr_pages", Integer.class),
                row.get("characters", Long.class), row.get("scan", String.class), row.get("note", String.class),
                row.get("preview_key", String.class), row.get("failure_code", String.class),
                row.get("failure_reason", String.class), Boolean.TRUE.equals(row.get("content_removed", Boolean.class)));
    }
}
