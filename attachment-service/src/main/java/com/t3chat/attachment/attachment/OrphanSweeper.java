package com.t3chat.attachment.attachment;

import com.t3chat.attachment.storage.ObjectKeys;
import com.t3chat.attachment.storage.ObjectRemovals;
import com.t3chat.attachment.storage.ObjectStore;
import com.t3chat.attachment.storage.ObjectStore.StoredObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the store and the table in step. An upload stores its object first and commits its row after, so a crash or
 * an outage in between leaves an object no row knows of: objects under {@code files/} and {@code previews/} older
 * than the grace period whose attachment has no row are removed. Removals recorded by deletes (and infected files)
 * that the store refused at the time are retried. Running on several replicas at once is harmless.
 */
@Component
class OrphanSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final ObjectStore store;
    private final ObjectRemovals removals;
    private final AttachmentService attachments;
    private final SweeperProperties properties;
    private volatile Disposable running;

    OrphanSweeper(ObjectStore store, ObjectRemovals removals, AttachmentService attachments,
            SweeperProperties properties) {
        this.store = store;
        this.removals = removals;
        this.attachments = attachments;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = Flux.interval(properties.interval(), properties.interval())
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("Sweeping the object store failed, will try again: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = running;
        running = null;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /** One round: retried removals, then orphans of both prefixes; answers how many orphans went. */
    Mono<Long> sweep() {
        Instant before = Instant.now().minus(properties.orphanGrace());
        return removals.retryPending(properties.batchSize())
                .then(orphans(ObjectKeys.ORIGINALS, before))
                .zipWith(orphans(ObjectKeys.PREVIEWS, before), Long::sum);
    }

    private Mono<Long> orphans(String prefix, Instant before) {
        return store.list(prefix)
                .filter(object -> object.lastModified().isBefore(before))
                .buffer(properties.batchSize())
                .concatMap(this::withoutRow)
                .concatMap(object -> store.remove(object.key())
                        .doOnSuccess(done -> log.info("Removed orphan object {} (no attachment row, stored {})",
                                object.key(), object.lastModified()))
                        .thenReturn(object))
                .count();
    }

    private Flux<StoredObject> withoutRow(List<StoredObject> objects) {
        List<UUID> ids = objects.stream().map(o -> ObjectKeys.attachmentOf(o.key())).flatMap(Optional::stream)
                .distinct().toList();
        return attachments.existing(ids).flatMapMany(found -> {
            Set<UUID> existing = new HashSet<>(found);
            return Flux.fromIterable(objects).filter(object -> ObjectKeys.attachmentOf(object.key())
                    .map(id -> !existing.contains(id)).orElse(true));
        });
    }
}
