package com.t3chat.attachment.mediatype;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides a file's type from its content, never from the client's header or name: Tika's magic bytes, its zip
 * container detection (which tells a DOCX from other zips) and its plain-text heuristics. Only within the text family
 * may the name say more — "plain text" cannot tell Markdown, CSV, JSON or source code apart — and only towards a type
 * that is itself allowed; it can never turn content detected as, say, HTML into something accepted.
 */
@Component
public class MediaTypeDetector {

    private static final Logger log = LoggerFactory.getLogger(MediaTypeDetector.class);

    private final MimeTypes types = MimeTypes.getDefaultMimeTypes();
    private final MediaTypeRegistry registry = types.getMediaTypeRegistry();
    // only detectors: the container detectors found on the class path (zip, OOXML, OLE2) and the magic bytes
    private final Detector detector = new DefaultDetector(types);
    private final Set<MediaType> allowed;

    MediaTypeDetector(MediaTypeProperties properties) {
        this.allowed = properties.allowedTypes().stream()
                .map(type -> registry.normalize(MediaType.parse(type.trim())))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * What the file is. Blocking (reads the file): call it off the event loop.
     *
     * @param name the file's original name, used only to name text more precisely
     */
    public Detection detect(Path file, String name) {
        MediaType content = fromContent(file);
        if (!allowed.contains(content)) {
            return new Detection(content.toString(), false);
        }
        if (isText(content) && name != null) {
            MediaType named = fromName(name);
            if (isText(named) && allowed.contains(named)) {
                return new Detection(named.toString(), true);
            }
        }
        return new Detection(content.toString(), true);
    }

    /** Whether the type is text (plain text or one of its kinds: Markdown, CSV, JSON, source code, XML, HTML…). */
    public boolean isText(String mediaType) {
        return isText(registry.normalize(MediaType.parse(mediaType)));
    }

    private boolean isText(MediaType type) {
        return type != null && registry.isInstanceOf(type, MediaType.TEXT_PLAIN);
    }

    private MediaType fromContent(Path file) {
        try (TikaInputStream in = TikaInputStream.get(file)) {
            return registry.normalize(detector.detect(in, new Metadata()).getBaseType());
        } catch (IOException | RuntimeException e) {
            log.info("Could not detect the type of an upload ({}); treating it as unknown bytes", e.toString());
            return MediaType.OCTET_STREAM;
        }
    }

    private MediaType fromName(String name) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try {
            return registry.normalize(types.detect(null, metadata).getBaseType());
        } catch (IOException e) {
            return MediaType.OCTET_STREAM;
        }
    }

    /**
     * @param mediaType the detected type (without parameters)
     * @param allowed   whether the allow-list admits it
     */
    public record Detection(String mediaType, boolean allowed) {
    }
}
