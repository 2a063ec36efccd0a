package com.t3chat.embedding.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.commons.io.input.BoundedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The attachment bucket through the MinIO client. Blocking: called from job threads only, never from an event loop
 * or a Kafka listener thread.
 */
@Component
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final MinioClient minio;
    private final String bucket;
    private final long maxFileSize;
    private volatile boolean bucketChecked;

    ObjectStore(ObjectStoreProperties properties, AttachmentProperties attachments) {
        this.minio = MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(nullToEmpty(properties.accessKey()), nullToEmpty(properties.secretKey()))
                .region(properties.region())
                .build();
        this.bucket = properties.bucket();
        this.maxFileSize = attachments.maxFileSize().toBytes();
    }

    /**
     * Streams the object to {@code target} (never more than the file-size limit).
     *
     * @throws ObjectMissingException when there is no such object (deleted, or never stored)
     * @throws ObjectTooLargeException when it is larger than the limit
     * @throws ObjectStoreException when the store cannot be reached or refuses (worth retrying)
     */
    public long download(String key, Path target) {
        try {
            long size = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
            if (size > maxFileSize) {
                throw new ObjectTooLargeException(size, maxFileSize);
            }
            try (InputStream object = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
                    InputStream in = BoundedInputStream.builder().setInputStream(object).setMaxCount(maxFileSize + 1)
                            .get();
                    OutputStream out = Files.newOutputStream(target)) {
                long copied = in.transferTo(out);
                if (copied > maxFileSize) { // it grew after the stat
                    throw new ObjectTooLargeException(copied, maxFileSize);
                }
                return copied;
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code)) {
                throw new ObjectMissingException(key);
            }
            throw new ObjectStoreException("The object store refused to read " + key + ": " + code, e);
        } catch (IOException | GeneralSecurityException | MinioException e) {
            throw new ObjectStoreException("The object store could not be read: " + e.getMessage(), e);
        }
    }

    /** Writes (or replaces) an object, creating the bucket if it is missing. */
    public void put(String key, byte[] content, String contentType) {
        try {
            ensureBucket();
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(content), content.length, -1)
                    .contentType(contentType)
                    .build());
        } catch (IOException | GeneralSecurityException | MinioException e) {
            throw new ObjectStoreException("The object store could not write " + key + ": " + e.getMessage(), e);
        }
    }

    /** Removes an object; one that is already gone is fine. Failures are logged, not thrown (a leftover preview). */
    public void remove(String key) {
        try {
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (IOException | GeneralSecurityException | MinioException e) {
            log.warn("Could not remove {} from the object store: {}", key, e.toString());
        }
    }

    private void ensureBucket() throws IOException, GeneralSecurityException, MinioException {
        if (bucketChecked) {
            return;
        }
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                // attachment-service may have created it at the same moment
                String code = e.errorResponse().code();
                if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                    throw e;
                }
            }
        }
        bucketChecked = true;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The object is not in the store. */
    public static class ObjectMissingException extends RuntimeException {

        ObjectMissingException(String key) {
            super("No object " + key);
        }
    }

    /** The object is larger than the file-size limit. */
    public static class ObjectTooLargeException extends RuntimeException {

        private final long limit;

        ObjectTooLargeException(long size, long limit) {
            super("The object has " + size + " bytes; the limit is " + limit);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /** The store could not be reached or failed: worth trying again later. */
    public static class ObjectStoreException extends RuntimeException {

        ObjectStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
