package com.t3chat.attachment.attachment;

import com.t3chat.attachment.storage.ObjectRemovals;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.platform.accounts.DisabledUsers;
import com.t3chat.platform.events.OutboxWriter;
import com.t3chat.platform.problem.ApiProblem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** People's files: recording a stored upload, reading, deleting. Another person's file is "not found". */
@Service
public class AttachmentService {

    private final AttachmentRepository attachments;
    private final StorageUsage usage;
    private final ObjectRemovals removals;
    private final OutboxWriter outbox;
    private final DisabledUsers disabledUsers;
    private final TransactionalOperator tx;

    AttachmentService(AttachmentRepository attachments, StorageUsage usage, ObjectRemovals removals,
            OutboxWriter outbox, DisabledUsers disabledUsers, TransactionalOperator tx) {
        this.attachments = attachments;
        this.usage = usage;
        this.removals = removals;
        this.outbox = outbox;
        this.disabledUsers = disabledUsers;
        this.tx = tx;
    }

    /** Fails with {@code 409 quota-exceeded} when a file of this size cannot fit (checked again when recorded). */
    public Mono<Void> checkRoomFor(String ownerId, long sizeBytes) {
        return usage.checkRoomFor(ownerId, sizeBytes);
    }

    /**
     * Records a file whose object is already in the store: its usage, its row and {@code AttachmentUploaded}, in
     * one transaction. Fails with {@code 409 quota-exceeded} (nothing recorded) when it does not fit.
     */
    public Mono<Attachment> recordUpload(UUID id, String ownerId, UUID chatId, String name, String mediaType,
            long sizeBytes, String objectKey) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
        Attachment attachment = Attachment.uploaded(id, ownerId, chatId, name, mediaType, sizeBytes, objectKey, now);
        var event = new AttachmentUploaded(UUID.randomUUID(), now, id, ownerId, chatId, name, mediaType, sizeBytes,
                objectKey);
        return tx.transactional(usage.add(ownerId, sizeBytes)
                        .then(attachments.insert(attachment))
                        .then(outbox.append(Topics.ATTACHMENT_ATTACHMENTS, id.toString(), AttachmentUploaded.TYPE,
                                event)))
                .thenReturn(attachment);
    }

    public Mono<Attachment> get(String ownerId, UUID id) {
        return attachments.findOwned(id, ownerId)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no such file.")));
    }

    Mono<AttachmentPage> page(String ownerId, UUID chatId, String cursor, int limit) {
        AttachmentCursor after = cursor == null || cursor.isBlank() ? null : AttachmentCursor.decode(cursor);
        return attachments.findPage(ownerId, chatId, after, limit + 1)
                .collectList()
                .map(found -> {
                    List<Attachment> page = found.size() > limit ? found.subList(0, limit) : found;
                    String next = found.size() > limit ? AttachmentCursor.of(page.getLast()).encode() : null;
                    return new AttachmentPage(page.stream().map(AttachmentResponse::from).toList(), next);
                });
    }

    Mono<UsageResponse> usage(String ownerId) {
        return usage.of(ownerId);
    }

    /**
     * Deletes the row, gives back its usage and publishes {@code AttachmentDeleted} in one transaction that also
     * records the removal of its objects; then removes them (what the store refuses now, the sweeper retries).
     */
    Mono<Void> delete(String ownerId, UUID id) {
        Mono<List<String>> deleted = attachments.deleteOwned(id, ownerId)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no such file.")))
                .flatMap(a -> {
                    List<String> keys = objectsOf(a);
                    var event = new AttachmentDeleted(UUID.randomUUID(), Instant.now(), a.id(), a.ownerId(),
                            a.chatId());
                    return usage.remove(ownerId, a.sizeBytes())
                            .then(removals.request(keys))
                            .then(outbox.append(Topics.ATTACHMENT_ATTACHMENTS, a.id().toString(),
                                    AttachmentDeleted.TYPE, event))
                            .thenReturn(keys);
                });
        return disabledUsers.refuseIfDisabled(ownerId)
                .then(tx.transactional(deleted))
                .flatMap(removals::removeNow);
    }

    /** Which of these ids have a row (for the sweeper). */
    Mono<List<UUID>> existing(List<UUID> ids) {
        return attachments.existing(ids);
    }

    private static List<String> objectsOf(Attachment a) {
        // the original even when it was already removed (infected): removing what is not there succeeds
        List<String> keys = new ArrayList<>(2);
        keys.add(a.objectKey());
        if (a.previewKey() != null) {
            keys.add(a.previewKey());
        }
        return keys;
    }
}
