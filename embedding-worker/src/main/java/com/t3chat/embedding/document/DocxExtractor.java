package com.t3chat.embedding.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.sax.BodyContentHandler;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;

/**
 * Word documents (DOCX) through Tika's OOXML parser. A DOCX is a zip: POI's {@link ZipSecureFile} refuses an entry
 * that inflates more than 100 times its compressed size or past {@code t3chat.extraction.max-expanded-size} (a zip
 * bomb), and the content handler stops at {@code max-characters}. One "page" (a DOCX has no fixed pages).
 */
@Component
public class DocxExtractor {

    /** POI's own default, made explicit: an entry may expand at most 100 times. */
    static final double MIN_INFLATE_RATIO = 0.01;

    private final ExtractionProperties limits;
    private final OOXMLParser parser = new OOXMLParser();

    DocxExtractor(ExtractionProperties limits) {
        this.limits = limits;
        // process-wide settings of POI; this is the only part of the worker that opens OOXML
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(limits.maxExpandedSize().toBytes());
    }

    public Extraction extract(Path file, Checkpoint checkpoint) {
        checkpoint.reached("extracting", 0, 1);
        var handler = new BodyContentHandler(limits.maxCharacters());
        try (TikaInputStream in = TikaInputStream.get(file)) {
            parser.parse(in, handler, new Metadata(), new ParseContext());
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                throw TextExtractor.tooMuchText(limits.maxCharacters());
            }
            throw unreadable(e);
        } catch (TikaException e) {
            throw isZipBomb(e) ? zipBomb(e) : unreadable(e);
        } catch (IOException e) {
            if (isZipBomb(e)) {
                throw zipBomb(e);
            }
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw isZipBomb(e) ? zipBomb(e) : unreadable(e);
        }
        checkpoint.reached("extracting", 1, 1);
        String text = handler.toString().strip();
        if (text.isEmpty()) {
            return new Extraction(1, List.of(), 0, null, "The document contains no text.");
        }
        return new Extraction(1, List.of(new PageText(null, text, false)), 0, null, null);
    }

    /** POI says so in its message ("Zip bomb detected!", "… exceeds the max entry size …"). */
    private static boolean isZipBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("zip bomb") || message.contains("max entry size")
                    || message.contains("maxentrysize")) {
                return true;
            }
        }
        return false;
    }

    private FileRejected zipBomb(Throwable e) {
        return new FileRejected(FileRejected.UNREADABLE, "The document expands to far more data than its size "
                + "(it looks like a zip bomb); it was not read.", e);
    }

    private static FileRejected unreadable(Throwable e) {
        return new FileRejected(FileRejected.UNREADABLE, "The document could not be read (it may be damaged).", e);
    }
}
