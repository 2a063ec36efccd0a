package com.t3chat.embedding.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import com.t3chat.embedding.AttachmentTopic;
import com.t3chat.embedding.EmbeddingWorkerIT;
import com.t3chat.embedding.TestFiles;
import com.t3chat.embedding.chunk.EmbeddedChunk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The pipeline end to end, as attachment-service drives it: real files in S3Proxy, real AttachmentUploaded and
 * AttachmentDeleted events on Kafka, the real Tesseract, and the outcome read back from embedding.attachments.v1 and
 * the chunk table.
 */
class AttachmentPipelineIT extends EmbeddingWorkerIT {

    private static final String FOX = "The quick brown fox jumps over the lazy dog";
    private static AttachmentTopic topic;

    @Autowired
    DatabaseClient db;

    @BeforeAll
    static void connect() {
        topic = new AttachmentTopic(infra);
    }

    @AfterAll
    static void disconnect() {
        topic.close();
    }

    @Test
    void everyKindOfFileBecomesReadyWithItsPagesChunksAndText() throws Exception {
        String owner = jwt.subject("alice");
        UUID chat = UUID.randomUUID();
        AttachmentUploaded pdf = topic.upload(owner, chat, "report.pdf", "application/pdf", TestFiles.textPdf(List.of(
                List.of("Quarterly revenue grew by eleven percent in the northern region."),
                List.of("The second page explains why the harbour bridge was closed in March."),
                List.of("Page three lists the members of the gardening committee."))));
        AttachmentUploaded scan = topic.upload(owner, chat, "scan.pdf", "application/pdf", TestFiles.scannedPdf(List.of(
                List.of(FOX), List.of("Pack my box with five dozen liquor jugs"))));
        AttachmentUploaded png = topic.upload(owner, chat, "screenshot.png", "image/png",
                TestFiles.png(List.of("Meeting moved to Thursday afternoon")));
        AttachmentUploaded docx = topic.upload(owner, chat, "notes.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                TestFiles.docx(List.of("Minutes of the annual general meeting.", "The treasurer reported a surplus.")));
        AttachmentUploaded markdown = topic.upload(owner, null, "README.md", "text/markdown", """
                # Installing the telescope

                Mount the tripod on level ground before attaching the optical tube.
                """.getBytes(StandardCharsets.UTF_8));

        AttachmentProcessed pdfDone = topic.awaitProcessed(pdf.attachmentId());
        assertThat(pdfDone.pages()).isEqualTo(3);
        assertThat(pdfDone.chunks()).isEqualTo(3);
        assertThat(pdfDone.ocrPages()).isZero();
        assertThat(pdfDone.scan()).isEqualTo(cleanScan());
        assertThat(pdfDone.embeddingModel()).isEqualTo("all-MiniLM-L6-v2-q");
        assertThat(pdfDone.previewKey()).isEqualTo("previews/" + pdf.attachmentId() + ".png");
        assertThat(topic.exists(pdfDone.previewKey())).isTrue();
        assertThat(pdfDone.note()).isNull();
        assertThat(chunkOn(pdf.attachmentId(), 2)).contains("harbour bridge was closed in March");

        AttachmentProcessed scanDone = topic.awaitProcessed(scan.attachmentId());
        assertThat(scanDone.pages()).isEqualTo(2);
        assertThat(scanDone.ocrPages()).isEqualTo(2);
        assertThat(scanDone.chunks()).isEqualTo(2);
        assertThat(chunkOn(scan.attachmentId(), 1)).contains("quick brown fox jumps over the lazy dog");
        assertThat(chunkOn(scan.attachmentId(), 2)).contains("five dozen liquor jugs");
        // progress: the stages with pages done out of 2, no more often than the interval (200 ms in these tests)
        List<AttachmentProcessing> progress = topic.seen(scan.attachmentId()).stream()
                .filter(AttachmentProcessing.class::isInstance).map(AttachmentProcessing.class::cast).toList();
        assertThat(progress.getFirst().stage()).isEqualTo("scanning");
        assertThat(progress).anySatisfy(p -> {
            assertThat(p.stage()).isEqualTo("ocr");
            assertThat(p.pages()).isEqualTo(2);
        });
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).pagesDone()).isGreaterThanOrEqualTo(progress.get(i - 1).pagesDone());
            assertThat(Duration.between(progress.get(i - 1).occurredAt(), progress.get(i).occurredAt()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(190));
        }

        AttachmentProcessed pngDone = topic.awaitProcessed(png.attachmentId());
        assertThat(pngDone.pages()).isEqualTo(1);
        assertThat(pngDone.ocrPages()).isEqualTo(1);
        assertThat(pngDone.chunks()).isEqualTo(1);
        assertThat(pngDone.previewKey()).isEqualTo("previews/" + png.attachmentId() + ".png");
        assertThat(chunkOn(png.attachmentId(), 1)).contains("Meeting moved to Thursday afternoon");

        AttachmentProcessed docxDone = topic.awaitProcessed(docx.attachmentId());
        assertThat(docxDone.pages()).isEqualTo(1);
        assertThat(docxDone.chunks()).isEqualTo(1);
        assertThat(docxDone.previewKey()).isNull();
        assertThat(chunkOn(docx.attachmentId(), null)).contains("The treasurer reported a surplus.");

        AttachmentProcessed markdownDone = topic.awaitProcessed(markdown.attachmentId());
        assertThat(markdownDone.chunks()).isEqualTo(1);
        assertThat(chunkOn(markdown.attachmentId(), null)).contains("Mount the tripod on level ground");

        // every chunk is scoped to its owner and chat, and carries a 384-dimension unit vector of the recorded model
        var rows = db.sql("""
                        select owner_id, chat_id, embedding, embedding_model from chunk
                        where attachment_id = :id""")
                .bind("id", pdf.attachmentId()).fetch().all().collectList().block();
        assertThat(rows).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("owner_id")).isEqualTo(owner);
            assertThat(row.get("chat_id")).isEqualTo(chat);
            assertThat(row.get("embedding_model")).isEqualTo("all-MiniLM-L6-v2-q");
            float[] vector = EmbeddedChunk.vector(bytes(row.get("embedding")));
            assertThat(vector).hasSize(384);
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        });
        // lexical search works on the stored text
        Long found = db.sql("select count(*) as n from chunk where attachment_id = :id"
                        + " and content_tsv @@ plainto_tsquery('english', 'gardening committees')")
                .bind("id", pdf.attachmentId()).map(row -> row.get("n", Long.class)).one().block();
        assertThat(found).isEqualTo(1);
    }

    @Test
    void aLongFileIsSplitIntoOverlappingChunksOfTheirPages() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 120; i++) {
            text.append("Sentence number ").append(i).append(" describes how the lighthouse keeper logged the ")
                    .append("weather every evening. ");
        }
        AttachmentUploaded upload = topic.upload(jwt.subject("alice"), null, "log.txt", "text/plain",
                text.toString().getBytes(StandardCharsets.UTF_8));
        AttachmentProcessed done = topic.awaitProcessed(upload.attachmentId());
        // ~2,200 tokens in chunks of at most 450 with 50 of overlap
        assertThat(done.chunks()).isBetween(5, 8);
        assertThat(done.characters()).isEqualTo(text.length());
        List<String> chunks = db.sql("select content from chunk where attachment_id = :id order by ordinal")
                .bind("id", upload.attachmentId()).map(row -> row.get("content", String.class)).all().collectList()
                .block();
        assertThat(chunks).hasSize(done.chunks());
        assertThat(chunks.getFirst()).startsWith("Sentence number 1 ");
        assertThat(chunks.getLast()).contains("Sentence number 120 ");
        // the overlap: the start of each chunk is also in the one before it
        for (int i = 1; i < chunks.size(); i++) {
            String head = chunks.get(i).substring(0, 30);
            assertThat(chunks.get(i - 1)).contains(head);
        }
    }

    @Test
    void aReplayedUploadMakesNoSecondSetOfChunks() throws Exception {
        AttachmentUploaded upload = topic.upload(jwt.subject("bob"), UUID.randomUUID(), "a.md", "text/markdown",
                "# Replays\n\nThe same event twice must not store the chunks twice.".getBytes(StandardCharsets.UTF_8));
        topic.awaitProcessed(upload.attachmentId());
        assertThat(chunkCount(upload.attachmentId())).isEqualTo(1);

        topic.publish(upload.attachmentId(), AttachmentUploaded.TYPE, upload);
        // a second event (another id) for the same file, as a retried outbox row of another deployment might send
        topic.publish(upload.attachmentId(), AttachmentUploaded.TYPE, new AttachmentUploaded(UUID.randomUUID(),
                Instant.now(), upload.attachmentId(), upload.ownerId(), upload.chatId(), upload.name(),
                upload.mediaType(), upload.sizeBytes(), upload.objectKey()));
        // a marker on the same record key (hence the same partition, consumed after the replays): once it is done,
        // the replays have been consumed
        AttachmentUploaded marker = markerAfter(upload.attachmentId());
        topic.awaitProcessed(marker.attachmentId());

        assertThat(chunkCount(upload.attachmentId())).isEqualTo(1);
        assertThat(topic.seen(upload.attachmentId()))
                .filteredOn(AttachmentProcessed.class::isInstance).hasSize(1);
    }

    @Test
    void hostileFilesFailWithTheirCodeAndTheFilesAfterThemStillGoThrough() throws Exception {
        String owner = jwt.subject("mallory");
        AttachmentUploaded hugeImage = topic.upload(owner, null, "huge.png", "image/png",
                TestFiles.pngHeader(50_000, 50_000));
        AttachmentUploaded zipBomb = topic.upload(owner, null, "bomb.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                TestFiles.zipBombDocx(50 * 1024 * 1024));
        AttachmentUploaded manyPages = topic.upload(owner, null, "long.pdf", "application/pdf",
                TestFiles.emptyPages(5_000));
        AttachmentUploaded corrupt = topic.upload(owner, null, "broken.pdf", "application/pdf",
                TestFiles.corruptPdf());
        AttachmentUploaded html = topic.upload(owner, null, "page.pdf", "application/pdf",
                new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, 0, 0, 0x7f, 0x45, 0x4c, 0x46});
        var gone = new AttachmentUploaded(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), owner, null,
                "gone.txt", "text/plain", 10, "files/never-stored-" + UUID.randomUUID());
        topic.publish(gone.attachmentId(), AttachmentUploaded.TYPE, gone);
        AttachmentUploaded good = topic.upload(owner, null, "after.txt", "text/plain",
                "Files after hostile ones are still processed.".getBytes(StandardCharsets.UTF_8));

        AttachmentFailed image = topic.awaitFailed(hugeImage.attachmentId());
        assertThat(image.code()).isEqualTo("image-too-large");
        assertThat(image.reason()).isEqualTo(
                "The image is 50,000 × 50,000 pixels (2,500 megapixels); the limit is 50 megapixels.");
        AttachmentFailed bomb = topic.awaitFailed(zipBomb.attachmentId());
        assertThat(bomb.code()).isEqualTo("unreadable");
        assertThat(bomb.reason()).contains("zip bomb");
        AttachmentFailed pages = topic.awaitFailed(manyPages.attachmentId());
        assertThat(pages.code()).isEqualTo("too-many-pages");
        assertThat(pages.reason()).isEqualTo("The PDF has 5,000 pages; the limit is 1,000.");
        AttachmentFailed broken = topic.awaitFailed(corrupt.attachmentId());
        assertThat(broken.code()).isEqualTo("unreadable");
        assertThat(broken.reason()).startsWith("The PDF");
        AttachmentFailed notAPdf = topic.awaitFailed(html.attachmentId());
        assertThat(notAPdf.code()).isEqualTo("unreadable");
        assertThat(notAPdf.reason()).startsWith("The file's content is application/");
        AttachmentFailed missing = topic.awaitFailed(gone.attachmentId());
        assertThat(missing.code()).isEqualTo("missing");

        assertThat(topic.awaitProcessed(good.attachmentId()).chunks()).isEqualTo(1);
        for (UUID failed : List.of(hugeImage.attachmentId(), zipBomb.attachmentId(), manyPages.attachmentId(),
                corrupt.attachmentId())) {
            assertThat(chunkCount(failed)).isZero();
            assertThat(jobStatus(failed)).isEqualTo("failed");
        }
    }

    @Test
    void deletingAFileDropsItsChunks() throws Exception {
        AttachmentUploaded upload = topic.upload(jwt.subject("carol"), UUID.randomUUID(), "d.txt", "text/plain",
                "Soon to be deleted.".getBytes(StandardCharsets.UTF_8));
        topic.awaitProcessed(upload.attachmentId());
        assertThat(chunkCount(upload.attachmentId())).isEqualTo(1);

        topic.delete(upload);
        await().atMost(Duration.ofSeconds(30)).until(() -> chunkCount(upload.attachmentId()) == 0);
        assertThat(jobStatus(upload.attachmentId())).isEqualTo("deleted");
    }

    @Test
    void aFileDeletedWhileItIsProcessedStoresNothing() throws Exception {
        List<List<String>> pages = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            pages.add(List.of("Scanned page " + i, FOX));
        }
        AttachmentUploaded upload = topic.upload(jwt.subject("carol"), null, "big-scan.pdf", "application/pdf",
                TestFiles.scannedPdf(pages));
        await().atMost(Duration.ofSeconds(60)).until(() -> topic.seen(upload.attachmentId()).stream()
                .anyMatch(e -> e instanceof AttachmentProcessing p && "ocr".equals(p.stage())));

        topic.delete(upload);
        AttachmentUploaded marker = markerAfter(upload.attachmentId());
        topic.awaitProcessed(marker.attachmentId());

        assertThat(topic.seen(upload.attachmentId()))
                .noneMatch(e -> e instanceof AttachmentProcessed || e instanceof AttachmentFailed);
        assertThat(chunkCount(upload.attachmentId())).isZero();
        assertThat(jobStatus(upload.attachmentId())).isEqualTo("deleted");
        assertThat(topic.exists("previews/" + upload.attachmentId() + ".png")).isFalse();
    }

    @Test
    void aJobWhoseWorkerDiedIsResumed() throws Exception {
        // a job another instance claimed and then died with: running, under a lease that has lapsed
        UUID id = UUID.randomUUID();
        String key = "files/" + id;
        topic.put(key, "Resumed after the worker that held it died.".getBytes(StandardCharsets.UTF_8), "text/plain");
        db.sql("""
                        insert into attachment_job (attachment_id, owner_id, name, media_type, size_bytes, object_key,
                                                    status, attempts, claim_token, lease_until)
                        values (:id, 'dave', 'r.txt', 'text/plain', 44, :key, 'running', 1, gen_random_uuid(),
                                now() - interval '1 second')""")
                .bind("id", id).bind("key", key).then().block();

        AttachmentProcessed done = topic.awaitProcessed(id);
        assertThat(done.chunks()).isEqualTo(1);
        assertThat(jobStatus(id)).isEqualTo("ready");
    }

    @Test
    void aRecordThatCannotBeReadGoesToTheDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        String key = UUID.randomUUID().toString();
        topic.publishRaw(key, AttachmentUploaded.TYPE, "{\"eventId\":\"not-a-uuid\"");
        AttachmentUploaded after = markerAfter(UUID.fromString(key));
        topic.awaitProcessed(after.attachmentId());

        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ATTACHMENT_ATTACHMENTS + Topics.DEAD_LETTER_SUFFIX));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the unreadable record never reached the dead-letter topic");
    }

    /** A small file announced under {@code recordKey}: consumed after every record sent before it with that key. */
    private AttachmentUploaded markerAfter(UUID recordKey) throws Exception {
        UUID id = UUID.randomUUID();
        topic.put("files/" + id, "marker".getBytes(StandardCharsets.UTF_8), "text/plain");
        var marker = new AttachmentUploaded(UUID.randomUUID(), Instant.now(), id, "marker", null, "m.txt",
                "text/plain", 6, "files/" + id);
        topic.publish(recordKey, AttachmentUploaded.TYPE, marker);
        return marker;
    }

    private String chunkOn(UUID attachmentId, Integer page) {
        List<String> texts = db.sql("select content, page from chunk where attachment_id = :id order by ordinal")
                .bind("id", attachmentId)
                .map(row -> Map.entry(String.valueOf(row.get("page", Integer.class)), row.get("content", String.class)))
                .all()
                .filter(e -> e.getKey().equals(String.valueOf(page)))
                .map(Map.Entry::getValue)
                .collectList()
                .block();
        return String.join("\n", texts).replaceAll("\\s+", " ");
    }

    private long chunkCount(UUID attachmentId) {
        return db.sql("select count(*) as n from chunk where attachment_id = :id").bind("id", attachmentId)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    private String jobStatus(UUID attachmentId) {
        return db.sql("select status from attachment_job where attachment_id = :id").bind("id", attachmentId)
                .map(row -> row.get("status", String.class)).one().block();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        return (byte[]) value;
    }
}
