package com.t3chat.chat.attachment;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code message_attachment} and {@code deleted_attachment} tables (migration V9). */
@Repository
class MessageAttachmentRepository {

    private final DatabaseClient db;

    MessageAttachmentRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Holds the attachment's lock until the caller's transaction ends: a reference being stored and the file's
     * deletion being recorded never miss each other. Several are taken in the order of their ids (no deadlock).
     */
    Mono<Void> lock(UUID attachmentId) {
        return db.sql("select pg_advisory_xact_lock(hashtextextended(cast(:id as text), 0))")
                .bind("id", attachmentId)
                .map(row -> Boolean.TRUE) // the function returns void: nothing to read
                .all()
                .then();
    }

    /** Stores a reference, as deleted if the file was already announced deleted; answers what was stored. */
    Mono<MessageAttachment> insert(UUID messageId, int position, String ownerId, MessageAttachment attachment) {
        return db.sql("""
                        insert into message_attachment (message_id, position, attachment_id, owner_id, name,
                                                        media_type, size_bytes, deleted)
                        values (:messageId, :position, :id, :owner, :name, :mediaType, :size,
                                :deleted or exists (select 1 from deleted_attachment where attachment_id = :id))
                        returning attachment_id, name, media_type, size_bytes, deleted""")
                .bind("messageId", messageId)
                .bind("position", position)
                .bind("id", attachment.id())
                .bind("owner", ownerId)
                .bind("name", attachment.name())
                .bind("mediaType", attachment.mediaType())
                .bind("size", attachment.size())
                .bind("deleted", attachment.deleted())
                .map(MessageAttachmentRepository::toAttachment)
                .one();
    }

    /** Copies a message's references (uploader included) to another message; a file deleted since is deleted there. */
    Mono<Void> copy(UUID messageId, UUID copyId) {
        return db.sql("""
                        insert into message_attachment (message_id, position, attachment_id, owner_id, name,
                                                        media_type, size_bytes, deleted)
                        select :copyId, a.position, a.attachment_id, a.owner_id, a.name, a.media_type, a.size_bytes,
                               a.deleted or exists (select 1 from deleted_attachment d
                                                    where d.attachment_id = a.attachment_id)
                        from message_attachment a where a.message_id = :messageId""")
                .bind("copyId", copyId)
                .bind("messageId", messageId)
                .then();
    }

    /** The references of a message, in the order they were sent. */
    Flux<MessageAttachment> ofMessage(UUID messageId) {
        return db.sql("""
                        select attachment_id, name, media_type, size_bytes, deleted from message_attachment
                        where message_id = :messageId order by position""")
                .bind("messageId", messageId)
                .map(MessageAttachmentRepository::toAttachment)
                .all();
    }

    /** The references of every message of a chat, each with its message. */
    Flux<Referenced> ofChat(UUID chatId) {
        return db.sql("""
                        select a.message_id, a.attachment_id, a.name, a.media_type, a.size_bytes, a.deleted
                        from message_attachment a join message m on m.id = a.message_id
                        where m.chat_id = :chatId order by a.message_id, a.position""")
                .bind("chatId", chatId)
                .map(row -> new Referenced(row.get("message_id", UUID.class), toAttachment(row)))
                .all();
    }

    /** The references of the given messages, each with its message, in each message's order. */
    Flux<Referenced> ofMessages(UUID[] messageIds) {
        return db.sql("""
                        select message_id, attachment_id, name, media_type, size_bytes, deleted
                        from message_attachment where message_id = any(:ids) order by message_id, position""")
                .bind("ids", messageIds)
                .map(row -> new Referenced(row.get("message_id", UUID.class), toAttachment(row)))
                .all();
    }

    /** Remembers the deletion (once) and marks every reference to the file deleted. */
    Mono<Void> markDeleted(UUID attachmentId, Instant deletedAt) {
        return db.sql("""
                        insert into deleted_attachment (attachment_id, deleted_at) values (:id, :at)
                        on conflict (attachment_id) do nothing""")
                .bind("id", attachmentId)
                .bind("at", deletedAt)
                .then()
                .then(db.sql("update message_attachment set deleted = true where attachment_id = :id and not deleted")
                        .bind("id", attachmentId)
                        .then());
    }

    private static MessageAttachment toAttachment(Readable row) {
        return new MessageAttachment(row.get("attachment_id", UUID.class), row.get("name", String.class),
                row.get("media_type", String.class), row.get("size_bytes", Long.class),
                Boolean.TRUE.equals(row.get("deleted", Boolean.class)));
    }

    record Referenced(UUID messageId, MessageAttachment attachment) {
    }
}
