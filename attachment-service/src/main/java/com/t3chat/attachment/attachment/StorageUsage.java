package com.t3chat.attachment.attachment;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each person's stored bytes and files ({@code storage_usage}), kept in step with their rows: an upload adds to it in
 * the transaction that inserts the row, a delete gives back in the transaction that deletes it. The add is one
 * conditional update of the person's row, so concurrent uploads of one person are serialised on that row and cannot
 * together pass the quota.
 */
@Component
class StorageUsage {

    private final DatabaseClient db;
    private final QuotaProperties quota;

    StorageUsage(DatabaseClient db, QuotaProperties quota) {
        this.db = db;
        this.quota = quota;
    }

    Mono<UsageResponse> of(String ownerId) {
        return db.sql("select used_bytes, used_files from storage_usage where owner_id = :owner")
                .bind("owner", ownerId)
                .map(row -> usage(row.get("used_bytes", Long.class), row.get("used_files", Integer.class)))
                .one()
                .defaultIfEmpty(usage(0L, 0));
    }

    /** Refuses early (before the file is stored) an upload that cannot fit; {@link #add} decides for good. */
    Mono<Void> checkRoomFor(String ownerId, long sizeBytes) {
        return of(ownerId).flatMap(usage -> fits(usage, sizeBytes) ? Mono.empty() : Mono.error(exceeded(usage, sizeBytes)));
    }

    /** Adds one file of this size, or fails with {@code 409 quota-exceeded}; inside the upload's transaction. */
    Mono<Void> add(String ownerId, long sizeBytes) {
        return db.sql("insert into storage_usage (owner_id) values (:owner) on conflict do nothing")
                .bind("owner", ownerId)
                .then()
                .then(db.sql("""
                                update storage_usage set used_bytes = used_bytes + :size, used_files = used_files + 1
                                where owner_id = :owner and used_bytes + :size <= :quotaBytes
                                  and used_files + 1 <= :quotaFiles""")
                        .bind("size", sizeBytes)
                        .bind("owner", ownerId)
                        .bind("quotaBytes", quota.bytes().toBytes())
                        .bind("quotaFiles", quota.files())
                        .fetch()
                        .rowsUpdated())
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                        : of(ownerId).flatMap(usage -> Mono.error(exceeded(usage, sizeBytes))));
    }

    /** Gives back one file of this size; inside the delete's transaction. */
    Mono<Void> remove(String ownerId, long sizeBytes) {
        return db.sql("""
                        update storage_usage set used_bytes = greatest(used_bytes - :size, 0),
                                                 used_files = greatest(used_files - 1, 0)
                        where owner_id = :owner""")
                .bind("size", sizeBytes)
                .bind("owner", ownerId)
                .then();
    }

    private boolean fits(UsageResponse usage, long sizeBytes) {
        return usage.usedBytes() + sizeBytes <= usage.quotaBytes() && usage.usedFiles() + 1 <= usage.quotaFiles();
    }

    private UsageResponse usage(long usedBytes, int usedFiles) {
        return new UsageResponse(usedBytes, usedFiles, quota.bytes().toBytes(), quota.files());
    }

    private static ApiProblem exceeded(UsageResponse usage, long sizeBytes) {
        var problem = new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.of("quota-exceeded"), String.format(Locale.ROOT,
                "This file (%s) does not fit in your storage: you use %s of %s and %d of %d files. "
                        + "Delete files to make room.", ByteSize.describe(sizeBytes),
                ByteSize.describe(usage.usedBytes()), ByteSize.describe(usage.quotaBytes()), usage.usedFiles(),
                usage.quotaFiles()));
        problem.getBody().setProperty("usedBytes", usage.usedBytes());
        problem.getBody().setProperty("quotaBytes", usage.quotaBytes());
        problem.getBody().setProperty("usedFiles", usage.usedFiles());
        problem.getBody().setProperty("quotaFiles", usage.quotaFiles());
        return problem;
    }
}
