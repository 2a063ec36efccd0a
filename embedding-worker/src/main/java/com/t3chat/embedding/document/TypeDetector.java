package com.t3chat.embedding.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.springframework.stereotype.Component;

/**
 * Confirms a file's type from its content (magic bytes, and the container's parts for DOCX) with Tika's detector
 * — never from its name or the type the uploader claimed. attachment-service decided the same way; the worker
 * checks again because it is the one that decodes the bytes.
 */
@Component
public class TypeDetector {

    private static final Map<String, FileKind> KINDS = Map.of(
            "application/pdf", FileKind.PDF,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileKind.DOCX,
            "image/png", FileKind.IMAGE,
            "image/jpeg", FileKind.IMAGE,
            "image/webp", FileKind.IMAGE,
            "image/gif", FileKind.IMAGE);
    /** Textual types that are not under {@code text/*} in Tika's registry. */
    private static final Set<String> TEXT = Set.of("application/json", "application/xml", "application/javascript",
            "application/x-sh", "application/x-yaml", "application/sql");

    private final Detector detector;
    private final MediaTypeRegistry registry;

    TypeDetector() {
        TikaConfig tika = TikaConfig.getDefaultConfig();
        this.detector = tika.getDetector();
        this.registry = tika.getMediaTypeRegistry();
    }

    public DetectedType detect(Path file) {
        try (TikaInputStream in = TikaInputStream.get(file)) {
            MediaType type = detector.detect(in, new Metadata());
            String base = type.getBaseType().toString();
            FileKind kind = KINDS.get(base);
            if (kind == null && (type.getType().equals("text") || TEXT.contains(base)
                    || registry.isInstanceOf(type, MediaType.TEXT_PLAIN))) {
                kind = FileKind.TEXT;
            }
            return new DetectedType(kind, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
