package com.t3chat.attachment.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The directory uploads are written to while they arrive. Every upload deletes its own file when it ends, however it
 * ends; what a crashed process left behind is deleted at the next start.
 */
@Component
class UploadSpool {

    private static final Logger log = LoggerFactory.getLogger(UploadSpool.class);
    private static final String PREFIX = "upload-";
    private static final String SUFFIX = ".part";
    // older than any upload still arriving (another process may share the directory)
    private static final Duration STALE = Duration.ofHours(6);

    private final Path directory;

    UploadSpool(UploadProperties properties) {
        this.directory = properties.spoolDirectory();
    }

    /** A new, empty file for one upload. */
    Mono<Path> create() {
        return Mono.fromCallable(() -> {
            Files.createDirectories(directory);
            return Files.createTempFile(directory, PREFIX, SUFFIX);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    Mono<Void> delete(Path file) {
        return Mono.fromRunnable(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete the upload file {}: {}", file, e.toString());
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    @EventListener(ApplicationReadyEvent.class)
    void deleteLeftovers() {
        Mono.fromRunnable(() -> deleteOlderThan(Instant.now().minus(STALE)))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(null, e -> log.warn("Could not clean {}: {}", directory, e.toString()));
    }

    void deleteOlderThan(Instant before) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().startsWith(PREFIX)
                            && file.getFileName().toString().endsWith(SUFFIX))
                    .filter(file -> modifiedBefore(file, before))
                    .forEach(file -> {
                        try {
                            Files.deleteIfExists(file);
                            log.info("Deleted a left-over upload file {}", file);
                        } catch (IOException e) {
                            log.warn("Could not delete {}: {}", file, e.toString());
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean modifiedBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException gone) {
            return false;
        }
    }
}
