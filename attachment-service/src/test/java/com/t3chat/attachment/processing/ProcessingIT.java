package com.t3chat.attachment.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.attachment.RunningService;
import com.t3chat.attachment.SampleFiles;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The status follows embedding-worker's real events on Kafka, once each and never backwards. */
class ProcessingIT extends RunningService {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theStatusMovesFromUploadedThroughProcessingToReady() {
        String alice = person("alice");
        String id = id(uploaded(alice, "scan.pdf", SampleFiles.pdf()));
        Instant start = Instant.now();

        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessing.TYPE, processing(id, "extracting", 0, 3, start));
        awaitAttachment(alice, id, a -> "processing".equals(a.get("status")) && "extracting".equals(a.get("stage")));
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessing.TYPE,
                processing(id, "ocr", 2, 3, start.plusSeconds(1)));
        Map<String, Object> progress = awaitAttachment(alice, id, a -> Integer.valueOf(2).equals(a.get("pagesDone")));
        assertThat(progress).containsEntry("status", "processing").containsEntry("stage", "ocr")
                .containsEntry("pages", 3);

        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE,
                processed(UUID.randomUUID(), id, 3, 7, start.plusSeconds(2)));
        Map<String, Object> ready = awaitAttachment(alice, id, a -> "ready".equals(a.get("status")));
        assertThat(ready).containsEntry("pages", 3).containsEntry("pagesDone", 3).containsEntry("chunks", 7)
                .containsEntry("ocrPages", 1).containsEntry("characters", 1234).containsEntry("scan", "clean")
                .containsEntry("note", "Page 2 was read by OCR.").containsEntry("stage", null)
                .containsEntry("failureCode", null).containsEntry("hasPreview", false);
    }

    @Test
    void replayedAndLateEventsChangeNothing() {
        String alice = person("alice");
        String id = id(uploaded(alice, "notes.pdf", SampleFiles.pdf()));
        Instant start = Instant.now();
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessing.TYPE,
                processing(id, "ocr", 4, 5, start.plusSeconds(2)));
        awaitAttachment(alice, id, a -> Integer.valueOf(4).equals(a.get("pagesDone")));
        // progress older than what is shown arrives late: ignored
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessing.TYPE,
                processing(id, "extracting", 1, 5, start.plusSeconds(1)));
        UUID readyEvent = UUID.randomUUID();
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE,
                processed(readyEvent, id, 5, 9, start.plusSeconds(3)));
        Map<String, Object> ready = awaitAttachment(alice, id, a -> "ready".equals(a.get("status")));
        assertThat(ready).containsEntry("chunks", 9).containsEntry("pagesDone", 5);

        // after ready: a late progress event, a replay of the outcome with other figures, a late failure
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessing.TYPE,
                processing(id, "embedding", 2, 5, start.plusSeconds(10)));
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE,
                processed(readyEvent, id, 50, 90, start.plusSeconds(11)));
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentFailed.TYPE,
                failed(id, "timeout", "It took too long.", start.plusSeconds(12)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> json(get(alice, "/api/attachments/" + id)).equals(ready));
    }

    @Test
    void aFailureIsShownWithItsReasonAndTheFileStays() {
        String alice = person("alice");
        String id = id(uploaded(alice, "huge.pdf", SampleFiles.pdf()));
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentFailed.TYPE, failed(id, "too-many-pages",
                "The PDF has 5,000 pages; the limit is 1,000.", Instant.now()));
        Map<String, Object> failed = awaitAttachment(alice, id, a -> "failed".equals(a.get("status")));
        assertThat(failed).containsEntry("failureCode", "too-many-pages")
                .containsEntry("failureReason", "The PDF has 5,000 pages; the limit is 1,000.");
        assertThat(stored("files/" + id)).isTrue();
        http.get().uri("/api/attachments/{id}/content", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isOk().expectBody().returnResult();
    }

    @Test
    void anInfectedFileFailsAndItsOriginalAndPreviewAreRemoved() {
        String alice = person("alice");
        String id = id(uploaded(alice, "eicar.txt", SampleFiles.text("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR")));
        String previewKey = "previews/" + id + ".png";
        store(previewKey, SampleFiles.png(), "image/png");
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE,
                processedWithPreview(id, previewKey, Instant.now()));
        awaitAttachment(alice, id, a -> "ready".equals(a.get("status")));

        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentFailed.TYPE,
                failed(id, AttachmentFailed.INFECTED, "Infected: Eicar-Signature.", Instant.now()));
        Map<String, Object> infected = awaitAttachment(alice, id, a -> "failed".equals(a.get("status")));
        assertThat(infected).containsEntry("failureCode", "infected")
                .containsEntry("failureReason", "Infected: Eicar-Signature.").containsEntry("hasPreview", false)
                .containsEntry("previewUrl", null);
        await().atMost(WAIT).until(() -> !stored("files/" + id) && !stored(previewKey));
        http.get().uri("/api/attachments/{id}/content", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:content-unavailable")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Eicar-Signature"));
        // the row stays, so that its owner sees why; deleting it works
        assertThat((String) JsonPath.read(get(alice, "/api/attachments"), "$.items[0].id")).isEqualTo(id);
        http.delete().uri("/api/attachments/{id}", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();
    }

    @Test
    void aRecordThatCannotBeReadGoesToTheDeadLetterTopicAndLaterOnesStillApply() {
        String alice = person("alice");
        String id = id(uploaded(alice, "a.png", SampleFiles.png()));
        String poison = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"attachmentId\":\"" + id + "\",\"pages\":\"many\"}";
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE, poison);
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE,
                processed(UUID.randomUUID(), id, 1, 1, Instant.now()));
        awaitAttachment(alice, id, a -> "ready".equals(a.get("status")));
        awaitEvent(Topics.EMBEDDING_ATTACHMENTS + Topics.DEAD_LETTER_SUFFIX, AttachmentProcessed.TYPE, id, WAIT);
    }

    @Test
    void eventsForAFileThatIsGoneAreIgnored() {
        String alice = person("alice");
        String id = id(uploaded(alice, "gone.txt", SampleFiles.text("soon gone")));
        http.delete().uri("/api/attachments/{id}", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE,
                processed(UUID.randomUUID(), id, 1, 1, Instant.now()));
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentFailed.TYPE,
                failed(id, AttachmentFailed.INFECTED, "Infected: late.", Instant.now()));
        String other = id(uploaded(alice, "next.txt", SampleFiles.text("next")));
        publish(Topics.EMBEDDING_ATTACHMENTS, other, AttachmentProcessed.TYPE,
                processed(UUID.randomUUID(), other, 1, 1, Instant.now()));
        awaitAttachment(alice, other, a -> "ready".equals(a.get("status")));
        http.get().uri("/api/attachments/{id}", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNotFound().expectBody().returnResult();
    }

    private Map<String, Object> awaitAttachment(String person, String id,
            java.util.function.Predicate<Map<String, Object>> condition) {
        return await().atMost(WAIT).until(() -> json(get(person, "/api/attachments/" + id)), condition);
    }

    private static String processing(String id, String stage, int pagesDone, int pages, Instant at) {
        return """
                {"eventId":"%s","occurredAt":"%s","attachmentId":"%s","stage":"%s","pagesDone":%d,"pages":%d}"""
                .formatted(UUID.randomUUID(), at, id, stage, pagesDone, pages);
    }

    private static String processed(UUID eventId, String id, int pages, int chunks, Instant at) {
        return """
                {"eventId":"%s","occurredAt":"%s","attachmentId":"%s","pages":%d,"chunks":%d,"ocrPages":1,
                 "characters":1234,"scan":"clean","previewKey":null,"note":"Page 2 was read by OCR.",
                 "embeddingModel":"all-MiniLM-L6-v2"}""".formatted(eventId, at, id, pages, chunks);
    }

    private static String processedWithPreview(String id, String previewKey, Instant at) {
        return """
                {"eventId":"%s","occurredAt":"%s","attachmentId":"%s","pages":1,"chunks":1,"ocrPages":0,
                 "characters":40,"scan":"skipped","previewKey":"%s","note":null,"embeddingModel":"all-MiniLM-L6-v2"}"""
                .formatted(UUID.randomUUID(), at, id, previewKey);
    }

    private static String failed(String id, String code, String reason, Instant at) {
        return """
                {"eventId":"%s","occurredAt":"%s","attachmentId":"%s","code":"%s","reason":"%s"}"""
                .formatted(UUID.randomUUID(), at, id, code, reason);
    }
}
