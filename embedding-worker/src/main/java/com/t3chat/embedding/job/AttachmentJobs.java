package com.t3chat.embedding.job;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import com.t3chat.embedding.chunk.ChunkStore;
import com.t3chat.embedding.chunk.Embedder;
import com.t3chat.embedding.pipeline.Attachment;
import com.t3chat.embedding.pipeline.Processed;
import com.t3chat.platform.events.OutboxWriter;
import com.t3chat.platform.events.ProcessedEvents;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The attachment_job table: one row per attachment, from its upload to its outcome. A job's progress and outcome
 * are written with their events (outbox) in one transaction, and only by the current holder of its claim while the
 * job is still {@code running}: a job whose file was deleted, or that another instance took over, cannot write.
 */
@Repository
class AttachmentJobs {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final OutboxWriter outbox;
    private final ProcessedEvents processed;
    private final ChunkStore chunks;

    AttachmentJobs(DatabaseClient db, TransactionalOperator tx, OutboxWriter outbox, ProcessedEvents processed,
            ChunkStore chunks) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.processed = processed;
        this.chunks = chunks;
    }

    /** Records the job; a replayed event (or a second one for the same file) adds nothing. True if it is new. */
    Mono<Boolean> enqueue(AttachmentUploaded event) {
        if (event.attachmentId() == null || event.ownerId() == null || event.objectKey() == null) {
            return Mono.error(new IllegalArgumentException("AttachmentUploaded without attachment, owner or object"));
        }
        return db.sql("""
                        insert into attachment_job (attachment_id, owner_id, chat_id, name, media_type, size_bytes,
                                                    object_key, status)
                        values (:id, :owner, :chat, :name, :mediaType, :size, :objectKey, 'queued')
                        on conflict (attachment_id) do nothing""")
                .bind("id", event.attachmentId())
                .bind("owner", event.ownerId())
                .bind("chat", Parameter.fromOrEmpty(event.chatId(), UUID.class))
                .bind("name", Parameter.fromOrEmpty(event.name(), String.class))
                .bind("mediaType", Parameter.fromOrEmpty(event.mediaType(), String.class))
                .bind("size", event.sizeBytes())
                .bind("objectKey", event.objectKey())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * The file is gone: its chunks go, and its job (queued, running or done) becomes {@code deleted}, so that a job
     * still running cannot store anything and a late or replayed upload event starts nothing.
     */
    Mono<Void> forget(AttachmentDeleted event) {
        Mono<Void> effect = db.sql("""
                        insert into attachment_job (attachment_id, owner_id, chat_id, status)
                        values (:id, :owner, :chat, 'deleted')
                        on conflict (attachment_id) do update
                        set status = 'deleted', claim_token = null, lease_until = null, updated_at = now()""")
                .bind("id", event.attachmentId())
                .bind("owner", event.ownerId())
                .bind("chat", Parameter.fromOrEmpty(event.chatId(), UUID.class))
                .then()
                .then(chunks.delete(event.attachmentId()))
                .then();
        return tx.transactional(processed.firstTime(event.eventId()).flatMap(first -> first ? effect : Mono.empty()));
    }

    /** Claims the oldest job that is queued and due, or running under a lapsed lease (its worker died). */
    Mono<ClaimedJob> claim(Duration lease) {
        return tx.transactional(db.sql("""
                        update attachment_job
                        set status = 'running', attempts = attempts + 1, claim_token = gen_random_uuid(),
                            lease_until = now() + make_interval(secs => :lease), updated_at = now()
                        where attachment_id = (
                            select attachment_id from attachment_job
                            where (status = 'queued' and not_before <= now())
                               or (status = 'running' and lease_until < now())
                            order by created_at
                            limit 1
                            for update skip locked)
                        returning attachment_id, owner_id, chat_id, name, media_type, size_bytes, object_key,
                                  claim_token, attempts""")
                .bind("lease", (double) lease.toMillis() / 1000)
                .map(AttachmentJobs::claimed)
                .one());
    }

    /** Extends the leases of the jobs still held; answers the tokens that are (a missing one was taken away). */
    Mono<List<UUID>> renew(List<UUID> claimTokens, Duration lease) {
        if (claimTokens.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("""
                        update attachment_job set lease_until = now() + make_interval(secs => :lease)
                        where claim_token = any(:tokens) and status = 'running'
                        returning claim_token""")
                .bind("lease", (double) lease.toMillis() / 1000)
                .bind("tokens", claimTokens.toArray(UUID[]::new))
                .map(row -> row.get("claim_token", UUID.class))
                .all()
                .collectList();
    }

    /** Publishes progress if the job is still held; false when it is not (deleted, or taken over). */
    Mono<Boolean> progress(ClaimedJob job, String stage, int pagesDone, int pages) {
        return whileHeld(job, outbox.append(Topics.EMBEDDING_ATTACHMENTS, job.id().toString(),
                AttachmentProcessing.TYPE, new AttachmentProcessing(UUID.randomUUID(), Instant.now(), job.id(), stage,
                        pagesDone, pages)));
    }

    /** Stores the chunks and announces the file ready, in one transaction; false when the job is no longer held. */
    Mono<Boolean> complete(ClaimedJob job, Processed result) {
        Attachment file = job.attachment();
        var event = new AttachmentProcessed(UUID.randomUUID(), Instant.now(), job.id(), result.pages(),
                result.chunks().size(), result.ocrPages(), result.characters(), result.scan(), result.previewKey(),
                result.note(), Embedder.MODEL);
        return whileHeld(job, "ready", null, null,
                chunks.replace(file.id(), file.ownerId(), file.chatId(), result.chunks(), Embedder.MODEL)
                        .then(outbox.append(Topics.EMBEDDING_ATTACHMENTS, job.id().toString(),
                                AttachmentProcessed.TYPE, event)));
    }

    /** Ends the job failed and announces why; false when the job is no longer held. */
    Mono<Boolean> fail(ClaimedJob job, String code, String reason) {
        return whileHeld(job, "failed", code, reason, outbox.append(Topics.EMBEDDING_ATTACHMENTS,
                job.id().toString(), AttachmentFailed.TYPE,
                new AttachmentFailed(UUID.randomUUID(), Instant.now(), job.id(), code, reason)));
    }

    /** Puts the job back in the queue, due after {@code delay} (a dependency failed). */
    Mono<Void> retryLater(ClaimedJob job, Duration delay, String failure) {
        return db.sql("""
                        update attachment_job
                        set status = 'queued', claim_token = null, lease_until = null, failure_reason = :failure,
                            not_before = now() + make_interval(secs => :delay), updated_at = now()
                        where attachment_id = :id and claim_token = :token and status = 'running'""")
                .bind("failure", failure)
                .bind("delay", (double) delay.toMillis() / 1000)
                .bind("id", job.id())
                .bind("token", job.claimToken())
                .then();
    }

    /** Gives a job back untouched (this instance is stopping): it is resumed at once, and this claim not counted. */
    Mono<Void> release(ClaimedJob job) {
        return db.sql("""
                        update attachment_job
                        set status = 'queued', claim_token = null, lease_until = null, attempts = attempts - 1,
                            updated_at = now()
                        where attachment_id = :id and claim_token = :token and status = 'running'""")
                .bind("id", job.id())
                .bind("token", job.claimToken())
                .then();
    }

    private Mono<Boolean> whileHeld(ClaimedJob job, Mono<Void> effect) {
        return whileHeld(job, null, null, null, effect);
    }

    /**
     * Runs {@code effect} in one transaction with a check that the job is still held (the row is locked until the
     * commit, so a deletion waits for it or wins before it), moving it to {@code status} when one is given.
     */
    private Mono<Boolean> whileHeld(ClaimedJob job, String status, String code, String reason, Mono<Void> effect) {
        Mono<Boolean> held = db.sql("""
                        update attachment_job
                        set status = coalesce(:status, status), failure_code = :code, failure_reason = :reason,
                            claim_token = case when :status::text is null then claim_token end,
                            lease_until = case when :status::text is null then lease_until end,
                            updated_at = now()
                        where attachment_id = :id and claim_token = :token and status = 'running'""")
                .bind("status", Parameter.fromOrEmpty(status, String.class))
                .bind("code", Parameter.fromOrEmpty(code, String.class))
                .bind("reason", Parameter.fromOrEmpty(reason, String.class))
                .bind("id", job.id())
                .bind("token", job.claimToken())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
        return tx.transactional(held.flatMap(ok -> ok ? effect.thenReturn(true) : Mono.just(false)));
    }

    private static ClaimedJob claimed(Readable row) {
        Long size = row.get("size_bytes", Long.class);
        var attachment = new Attachment(row.get("attachment_id", UUID.class), row.get("owner_id", String.class),
                row.get("chat_id", UUID.class), row.get("name", String.class), row.get("media_type", String.class),
                size == null ? 0 : size, row.get("object_key", String.class));
        return new ClaimedJob(attachment, row.get("claim_token", UUID.class), row.get("attempts", Integer.class));
    }
}
