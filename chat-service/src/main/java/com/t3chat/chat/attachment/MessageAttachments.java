package com.t3chat.chat.attachment;

import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.chat.attachment.MessageAttachmentRepository.Referenced;
import com.t3chat.platform.events.ProcessedEvents;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The files user messages refer to. Posting checks each with attachment-service (the caller's own, not failed) and
 * stores a reference with the message; attachment-service's {@code AttachmentDeleted} marks every reference to the
 * file deleted, once. A reference stored after the deletion was handled is stored as deleted.
 */
@Service
public class MessageAttachments {

    /** How many files one message may carry. */
    public static final int MAX_PER_MESSAGE = 10;

    private final AttachmentClient client;
    private final MessageAttachmentRepository references;
    private final ProcessedEvents processed;
    private final TransactionalOperator tx;

    MessageAttachments(AttachmentClient client, MessageAttachmentRepository references, ProcessedEvents processed,
            TransactionalOperator tx) {
        this.client = client;
        this.references = references;
        this.processed = processed;
        this.tx = tx;
    }

    /**
     * The caller's attachments, in the order given, each asked of attachment-service at once with the caller's
     * token (no call for none). Fails with {@code 404 not-found} (not the caller's, or missing), {@code 409
     * attachment-failed} or {@code 503 service-unavailable}.
     */
    public Mono<List<MessageAttachment>> check(String bearerToken, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        return Flux.fromIterable(ids)
                .flatMapSequential(id -> client.lookUp(bearerToken, id))
                .collectList();
    }

    /**
     * Stores the message's references in their order (joins the caller's transaction), answering them as stored:
     * a file already announced deleted is referenced as deleted.
     */
    public Mono<List<MessageAttachment>> attach(UUID messageId, String ownerId, List<MessageAttachment> attachments) {
        if (attachments.isEmpty()) {
            return Mono.just(List.of());
        }
        return Flux.fromIterable(attachments.stream().map(MessageAttachment::id).sorted().toList())
                .concatMap(references::lock)
                .thenMany(Flux.range(0, attachments.size())
                        .concatMap(i -> references.insert(messageId, i, ownerId, attachments.get(i))))
                .collectList();
    }

    /** Copies a message's references to its copy in another chat (joins the caller's transaction). */
    public Mono<Void> copy(UUID messageId, UUID copyId) {
        return references.ofMessage(messageId)
                .map(MessageAttachment::id)
                .sort()
                .concatMap(references::lock)
                .then(references.copy(messageId, copyId));
    }

    /** A message's references, in the order they were sent. */
    public Mono<List<MessageAttachment>> of(UUID messageId) {
        return references.ofMessage(messageId).collectList();
    }

    /** The references of every message of a chat, by message (messages without any are absent). */
    public Mono<Map<UUID, List<MessageAttachment>>> ofChat(UUID chatId) {
        return references.ofChat(chatId).collect(Collectors.groupingBy(Referenced::messageId,
                Collectors.mapping(Referenced::attachment, Collectors.toList())));
    }

    /** The references of the given messages (a page of a branch), by message (messages without any are absent). */
    public Mono<Map<UUID, List<MessageAttachment>>> ofMessages(List<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return references.ofMessages(messageIds.toArray(UUID[]::new)).collect(Collectors.groupingBy(
                Referenced::messageId, Collectors.mapping(Referenced::attachment, Collectors.toList())));
    }

    /** Marks every reference to the deleted file deleted; a replayed event changes nothing. */
    Mono<Void> on(AttachmentDeleted deleted) {
        return tx.transactional(processed.firstTime(deleted.eventId()).flatMap(first -> !first ? Mono.<Void>empty()
                : references.lock(deleted.attachmentId())
                        .then(references.markDeleted(deleted.attachmentId(), deleted.occurredAt()))));
    }
}
