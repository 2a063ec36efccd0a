package com.t3chat.attachment.processing;

import com.t3chat.attachment.storage.ObjectRemovals;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import com.t3chat.platform.events.ProcessedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Moves a file's status as embedding-worker reports it: {@code uploaded → processing → ready | failed}. Each event
 * applies once (a replay changes nothing) and never moves a file backwards: progress only while it is still being
 * processed and only if newer than the progress shown, an outcome only over a file not yet finished. The one
 * exception is a file the scanner found infected: whatever it showed, it becomes {@code failed} with the reason and
 * its original (and any preview) is removed from the store; the row stays so that its owner sees why.
 */
@Service
class ProcessingUpdates {

    private final DatabaseClient db;
    private final ProcessedEvents processed;
    private final ObjectRemovals removals;
    private final TransactionalOperator tx;

    ProcessingUpdates(DatabaseClient db, ProcessedEvents processed, ObjectRemovals removals,
            TransactionalOperator tx) {
        this.db = db;
        this.processed = processed;
        this.removals = removals;
        this.tx = tx;
    }

    Mono<Void> apply(AttachmentProcessing event) {
        return once(event.eventId(), db.sql("""
                        update attachment set status = 'processing', stage = :stage, pages_done = :pagesDone,
                               pages = :pages, progress_at = :at
                        where id = :id and status in ('uploaded', 'processing')
                          and (progress_at is null or progress_at <= :at)""")
                .bind("stage", Parameter.fromOrEmpty(event.stage(), String.class))
                .bind("pagesDone", event.pagesDone())
                .bind("pages", Parameter.fromOrEmpty(event.pages() > 0 ? event.pages() : null, Integer.class))
                .bind("at", event.occurredAt())
                .bind("id", event.attachmentId())
                .then());
    }

    Mono<Void> apply(AttachmentProcessed event) {
        return once(event.eventId(), db.sql("""
                        update attachment set status = 'ready', stage = null, pages = :pages, pages_done = :pages,
                               chunks = :chunks, ocr_pages = :ocrPages, characters = :characters, scan = :scan,
                               note = :note, preview_key = :previewKey, embedding_model = :model, progress_at = :at
                        where id = :id and status in ('uploaded', 'processing')""")
                .bind("pages", event.pages())
                .bind("chunks", event.chunks())
                .bind("ocrPages", event.ocrPages())
                .bind("characters", event.characters())
                .bind("scan", Parameter.fromOrEmpty(event.scan(), String.class))
                .bind("note", Parameter.fromOrEmpty(event.note(), String.class))
                .bind("previewKey", Parameter.fromOrEmpty(event.previewKey(), String.class))
                .bind("model", Parameter.fromOrEmpty(event.embeddingModel(), String.class))
                .bind("at", event.occurredAt())
                .bind("id", event.attachmentId())
                .then());
    }

    /**
     * Records the failure; for an infected file also the removal of its objects. Answers the objects to remove now
     * (after the commit), empty for any other failure.
     */
    Mono<List<String>> apply(AttachmentFailed event) {
        if (AttachmentFailed.INFECTED.equals(event.code())) {
            Mono<List<String>> infected = db.sql("""
                            with old as (select id, object_key, preview_key from attachment where id = :id for update)
                            update attachment a set status = 'failed', stage = null, failure_code = :code,
                                   failure_reason = :reason, content_removed = true, preview_key = null,
                                   progress_at = :at
                            from old
                            where a.id = old.id and not (a.status = 'failed' and a.content_removed)
                            returning old.object_key, old.preview_key""")
                    .bind("id", event.attachmentId())
                    .bind("code", event.code())
                    .bind("reason", reason(event))
                    .bind("at", event.occurredAt())
                    .map(row -> keys(row.get("object_key", String.class), row.get("preview_key", String.class)))
                    .one()
                    .flatMap(keys -> removals.request(keys).thenReturn(keys));
            return tx.transactional(processed.firstTime(event.eventId())
                    .flatMap(first -> first ? infected : Mono.<List<String>>empty()))
                    .defaultIfEmpty(List.of());
        }
        return once(event.eventId(), db.sql("""
                        update attachment set status = 'failed', stage = null, failure_code = :code,
                               failure_reason = :reason, progress_at = :at
                        where id = :id and status in ('uploaded', 'processing')""")
                .bind("code", Parameter.fromOrEmpty(event.code(), String.class))
                .bind("reason", reason(event))
                .bind("at", event.occurredAt())
                .bind("id", event.attachmentId())
                .then())
                .thenReturn(List.of());
    }

    private static String reason(AttachmentFailed event) {
        return event.reason() == null || event.reason().isBlank() ? "The file could not be processed." : event.reason();
    }

    private static List<String> keys(String original, String preview) {
        List<String> keys = new ArrayList<>(2);
        keys.add(original);
        if (preview != null) {
            keys.add(preview);
        }
        return keys;
    }

    private Mono<Void> once(UUID eventId, Mono<Void> effect) {
        return tx.transactional(processed.firstTime(eventId).flatMap(first -> first ? effect : Mono.empty()));
    }
}
