package com.t3chat.embedding.document;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tika.detect.AutoDetectReader;
import org.apache.tika.exception.TikaException;
import org.springframework.stereotype.Component;

/**
 * Plain text, Markdown, CSV, JSON, source code: UTF-8 when the bytes are valid UTF-8 (almost always), else the charset
 * Tika's detectors find. One "page"; at most {@code t3chat.extraction.max-characters} characters.
 */
@Component
public class TextExtractor {

    private final ExtractionProperties limits;

    TextExtractor(ExtractionProperties limits) {
        this.limits = limits;
    }

    public Extraction extract(Path file, Checkpoint checkpoint) {
        checkpoint.reached("extracting", 0, 1);
        String text;
        try {
            text = readStrictUtf8(file);
        } catch (CharacterCodingException notUtf8) {
            text = readDetected(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        checkpoint.reached("extracting", 1, 1);
        if (text.isBlank()) {
            return new Extraction(1, List.of(), 0, null, "The file contains no text.");
        }
        return new Extraction(1, List.of(new PageText(null, text, false)), 0, null, null);
    }

    private String readStrictUtf8(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), decoder)) {
            return readCapped(reader);
        }
    }

    private String readDetected(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                Reader reader = new AutoDetectReader(in)) {
            return readCapped(reader);
        } catch (TikaException e) {
            throw new FileRejected(FileRejected.UNREADABLE, "The text's character set could not be recognised.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readCapped(Reader reader) throws IOException {
        var text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = reader.read(buffer)) != -1; ) {
            text.append(buffer, 0, n);
            if (text.length() > limits.maxCharacters()) {
                throw tooMuchText(limits.maxCharacters());
            }
        }
        return text.toString();
    }

    static FileRejected tooMuchText(int limit) {
        return new FileRejected(FileRejected.TEXT_TOO_LARGE,
                "The file has more than %,d characters of text; the limit is %,d.".formatted(limit, limit));
    }
}
