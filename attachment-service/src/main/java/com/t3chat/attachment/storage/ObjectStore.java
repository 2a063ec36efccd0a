package com.t3chat.attachment.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The attachment bucket, through the MinIO Java client. The client blocks: every call runs on
 * {@link Schedulers#boundedElastic()}, never on an event loop or a Kafka listener thread. A store that cannot be
 * reached fails the call with {@link ObjectStoreUnavailableException} (503).
 */
@Component
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
    private static final int READ_BUFFER = 64 * 1024;
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket");
    private static final Set<String> BUCKET_EXISTS = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

    private final MinioClient client;
    private final String bucket;
    private volatile boolean bucketReady;

    ObjectStore(ObjectStoreProperties properties) {
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(properties.endpoint().toString())
                .region(properties.region());
        if (properties.accessKey() != null && !properties.accessKey().isBlank()) {
            builder.credentials(properties.accessKey(), properties.secretKey());
        }
        this.client = builder.build();
        client.setTimeout(properties.connectTimeout().toMillis(), properties.ioTimeout().toMillis(),
                properties.ioTimeout().toMillis());
        this.bucket = properties.bucket();
    }

    /** What the store knows of an object. */
    public record StoredObject(String key, long size, Instant lastModified) {
    }

    /** Stores a file at {@code key} (multipart above the client's part size, so memory stays bounded). */
    public Mono<Void> put(String key, Path file, String contentType) {
        return blocking(() -> {
            ensureBucket();
            client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
                    .contentType(contentType).build());
            return null;
        }).then();
    }

    /** The object's size and age, or empty when there is no such object. */
    public Mono<StoredObject> stat(String key) {
        return blocking(() -> {
            try {
                StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return new StoredObject(key, stat.size(), stat.lastModified().toInstant());
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return null;
                }
                throw e;
            }
        });
    }

    /** The object's bytes, read as they are sent on (64 KiB at a time, never the whole object in memory). */
    public Flux<DataBuffer> read(String key) {
        return DataBufferUtils.readInputStream(
                        () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()),
                        DefaultDataBufferFactory.sharedInstance, READ_BUFFER)
                .onErrorMap(e -> !(e instanceof ObjectStoreUnavailableException), ObjectStore::unavailable)
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Removes the object; removing one that is not there succeeds. */
    public Mono<Void> remove(String key) {
        return blocking(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        }).then();
    }

    /** Every object under {@code prefix}, listed page by page as the flux is consumed. */
    public Flux<StoredObject> list(String prefix) {
        return Mono.fromCallable(this::bucketExists)
                .flatMapMany(exists -> exists
                        ? Flux.fromIterable(client.listObjects(
                                ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build()))
                        : Flux.<Result<Item>>empty())
                .map(ObjectStore::item)
                .filter(item -> !item.isDir())
                .map(item -> new StoredObject(item.objectName(), item.size(), item.lastModified().toInstant()))
                .onErrorMap(e -> !(e instanceof ObjectStoreUnavailableException), ObjectStore::unavailable)
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Creates the bucket at start if it is missing (idempotent; racing another service or replica is fine). A store
     * that is down now does not stop the service: the first upload tries again.
     */
    @EventListener(ApplicationReadyEvent.class)
    void createBucketAtStart() {
        blocking(() -> {
            ensureBucket();
            return null;
        }).subscribe(null, e -> log.warn("The object store is not reachable yet ({}); uploads will retry",
                e.getCause() == null ? e.toString() : e.getCause().toString()));
    }

    private void ensureBucket() throws Exception {
        if (bucketReady) {
            return;
        }
        if (!bucketExists()) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                log.info("Created the attachment bucket {}", bucket);
            } catch (ErrorResponseException e) {
                if (!BUCKET_EXISTS.contains(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        bucketReady = true;
    }

    private boolean bucketExists() throws Exception {
        return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
    }

    private static Item item(Result<Item> result) {
        try {
            return result.get();
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call)
                .onErrorMap(e -> !(e instanceof ObjectStoreUnavailableException), ObjectStore::unavailable)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static ObjectStoreUnavailableException unavailable(Throwable e) {
        return e instanceof ObjectStoreUnavailableException known ? known : new ObjectStoreUnavailableException(e);
    }
}
