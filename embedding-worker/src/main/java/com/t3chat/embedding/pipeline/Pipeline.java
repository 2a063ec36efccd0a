package com.t3chat.embedding.pipeline;

import com.t3chat.embedding.chunk.Chunker;
import com.t3chat.embedding.chunk.ChunkingProperties;
import com.t3chat.embedding.chunk.EmbeddedChunk;
import com.t3chat.embedding.chunk.Embedder;
import com.t3chat.embedding.chunk.TextChunk;
import com.t3chat.embedding.document.DetectedType;
import com.t3chat.embedding.document.DocxExtractor;
import com.t3chat.embedding.document.Extraction;
import com.t3chat.embedding.document.FileRejected;
import com.t3chat.embedding.document.ImageExtractor;
import com.t3chat.embedding.document.PdfExtractor;
import com.t3chat.embedding.document.TextExtractor;
import com.t3chat.embedding.document.TypeDetector;
import com.t3chat.embedding.scan.ClamdClient;
import com.t3chat.embedding.scan.ScanVerdict;
import com.t3chat.embedding.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * scan → detect → extract (→ OCR) → preview → chunk → embed, for one file, on the calling job thread. The object is
 * streamed to a temp folder of its own, deleted afterwards whatever happens. Refusals are {@link FileRejected};
 * failures of what the pipeline depends on (the store, the scanner) are thrown as they are, to be retried.
 */
@Component
public class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final ObjectStore store;
    private final ClamdClient clamd;
    private final TypeDetector types;
    private final PdfExtractor pdfs;
    private final DocxExtractor docx;
    private final TextExtractor texts;
    private final ImageExtractor images;
    private final Chunker chunker;
    private final Embedder embedder;
    private final ChunkingProperties chunking;

    Pipeline(ObjectStore store, ClamdClient clamd, TypeDetector types, PdfExtractor pdfs, DocxExtractor docx,
            TextExtractor texts, ImageExtractor images, Chunker chunker, Embedder embedder,
            ChunkingProperties chunking) {
        this.store = store;
        this.clamd = clamd;
        this.types = types;
        this.pdfs = pdfs;
        this.docx = docx;
        this.texts = texts;
        this.images = images;
        this.chunker = chunker;
        this.embedder = embedder;
        this.chunking = chunking;
    }

    public Processed process(Attachment attachment, JobContext context) {
        Path workDir = createWorkDir();
        try {
            return process(attachment, context, workDir);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private Processed process(Attachment attachment, JobContext context, Path workDir) {
        context.reached("scanning", 0, 0);
        Path file = workDir.resolve("original");
        download(attachment, file);
        String scan = scan(file);
        context.check();

        DetectedType type = types.detect(file);
        if (type.kind() == null) {
            throw new FileRejected(FileRejected.UNREADABLE,
                    "The file's content is %s, which cannot be read.".formatted(type.mediaType()));
        }
        Extraction extraction = switch (type.kind()) {
            case PDF -> pdfs.extract(file, workDir, context);
            case DOCX -> docx.extract(file, context);
            case TEXT -> texts.extract(file, context);
            case IMAGE -> images.extract(file, type.mediaType(), context);
        };
        String previewKey = writePreview(attachment, extraction);

        List<TextChunk> chunks = chunker.split(extraction.texts());
        List<EmbeddedChunk> embedded = new ArrayList<>(chunks.size());
        for (int from = 0; from < chunks.size(); from += chunking.batchSize()) {
            context.reached("embedding", extraction.pages(), extraction.pages());
            embedded.addAll(embedder.embed(chunks.subList(from, Math.min(chunks.size(), from + chunking.batchSize()))));
        }
        context.check();
        return new Processed(extraction.pages(), embedded, extraction.ocrPages(), extraction.characters(), scan,
                previewKey, extraction.note());
    }

    private void download(Attachment attachment, Path file) {
        try {
            store.download(attachment.objectKey(), file);
        } catch (ObjectStore.ObjectMissingException e) {
            throw new FileRejected(FileRejected.MISSING, "The file is no longer in storage.", e);
        } catch (ObjectStore.ObjectTooLargeException e) {
            throw new FileRejected(FileRejected.UNREADABLE, "The file is larger than the limit of %,d MB.".formatted(
                    e.limit() / (1024 * 1024)), e);
        }
    }

    private String scan(Path file) {
        if (!clamd.configured()) {
            return "skipped";
        }
        ScanVerdict verdict = clamd.scan(file);
        if (verdict.infected()) {
            throw new FileRejected(FileRejected.INFECTED, "Infected: " + verdict.signature() + ".");
        }
        return "clean";
    }

    /** The preview is a nicety: a store that refuses it leaves the file without one, not failed. */
    private String writePreview(Attachment attachment, Extraction extraction) {
        if (extraction.preview() == null) {
            return null;
        }
        String key = "previews/" + attachment.id() + "." + extraction.preview().extension();
        try {
            store.put(key, extraction.preview().bytes(), extraction.preview().mediaType());
            return key;
        } catch (ObjectStore.ObjectStoreException e) {
            log.warn("The preview of {} could not be stored: {}", attachment.id(), e.getMessage());
            return null;
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("t3chat-attachment-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            log.warn("Could not delete the job folder {}: {}", dir, e.toString());
        }
    }
}
