package com.t3chat.attachment.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.attachment.RunningService;
import com.t3chat.attachment.SampleFiles;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** Reading and deleting one's files; another person's answers 404 everywhere. */
class AttachmentAccessIT extends RunningService {

    @Test
    void anImageIsServedInlineAsTheImageItIsAndNothingActive() {
        String alice = person("alice");
        byte[] png = SampleFiles.png();
        String id = id(uploaded(alice, "screen shot «1».png", png));
        EntityExchangeResult<byte[]> content = http.get().uri("/api/attachments/{id}/content", id)
                .header("Authorization", bearer(alice)).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("image/png")
                .expectHeader().contentLength(png.length)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Content-Security-Policy", "sandbox")
                .expectBody().returnResult();
        assertThat(content.getResponseBody()).isEqualTo(png);
        assertThat(content.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("inline; filename=\"screen shot _1_.png\"; filename*=UTF-8''screen%20shot%20%C2%AB1%C2%BB.png");
        assertThat(content.getResponseHeaders().getCacheControl()).contains("no-store").contains("private");
    }

    @Test
    void textOfEveryKindIsServedAsPlainTextToDownload() {
        String alice = person("alice");
        byte[] markdown = SampleFiles.text("# Notes\n\n<script>alert(1)</script>\n");
        String id = id(uploaded(alice, "notes.md", markdown));
        assertThat((String) JsonPath.read(get(alice, "/api/attachments/" + id), "$.mediaType"))
                .isEqualTo("text/markdown");
        EntityExchangeResult<byte[]> content = http.get().uri("/api/attachments/{id}/content", id)
                .header("Authorization", bearer(alice)).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/plain;charset=UTF-8")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Content-Security-Policy", "sandbox")
                .expectBody().returnResult();
        assertThat(content.getResponseBody()).isEqualTo(markdown);
        assertThat(content.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"notes.md\"; filename*=UTF-8''notes.md");
    }

    @Test
    void aPdfIsADownloadOfItsOwnType() {
        String alice = person("alice");
        String id = id(uploaded(alice, "report.pdf", SampleFiles.pdf()));
        http.get().uri("/api/attachments/{id}/content", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/pdf")
                .expectHeader().valueMatches(HttpHeaders.CONTENT_DISPOSITION, "attachment; .*")
                .expectHeader().valueEquals("Content-Security-Policy", "sandbox")
                .expectBody().returnResult();
    }

    @Test
    void anotherPersonsFileIsNotFoundEverywhere() {
        String alice = person("alice");
        String bob = person("bob");
        String id = id(uploaded(alice, "private.png", SampleFiles.png()));
        String previewKey = "previews/" + id + ".png";
        store(previewKey, SampleFiles.png(), "image/png");
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE, processed(id, previewKey));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "ready".equals(JsonPath.read(get(alice, "/api/attachments/" + id), "$.status")));

        for (String path : List.of("", "/content", "/preview")) {
            http.get().uri("/api/attachments/" + id + path).header("Authorization", bearer(bob)).exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:not-found");
        }
        http.delete().uri("/api/attachments/{id}", id).header("Authorization", bearer(bob)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:not-found");
        assertThat(get(bob, "/api/attachments")).contains("\"items\":[]");
        // still all there for alice
        assertThat(stored("files/" + id)).isTrue();
        assertThat(stored(previewKey)).isTrue();
        http.get().uri("/api/attachments/{id}/preview", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isOk().expectHeader().contentType("image/png").expectBody().returnResult();
    }

    @Test
    void aPreviewIsUnavailableUntilTheWorkerMadeOne() {
        String alice = person("alice");
        String id = id(uploaded(alice, "photo.jpg", SampleFiles.jpeg()));
        http.get().uri("/api/attachments/{id}/preview", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:preview-unavailable");

        String previewKey = "previews/" + id + ".jpg";
        byte[] preview = SampleFiles.jpeg();
        store(previewKey, preview, "image/jpeg");
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE, processed(id, previewKey));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> JsonPath.read(get(alice, "/api/attachments/" + id), "$.hasPreview"));
        assertThat((String) JsonPath.read(get(alice, "/api/attachments/" + id), "$.previewUrl"))
                .isEqualTo("/api/attachments/" + id + "/preview");
        byte[] served = http.get().uri("/api/attachments/{id}/preview", id).header("Authorization", bearer(alice))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("image/jpeg")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Content-Security-Policy", "sandbox")
                .expectHeader().valueMatches(HttpHeaders.CONTENT_DISPOSITION, "inline.*")
                .expectBody().returnResult().getResponseBody();
        assertThat(served).isEqualTo(preview);
    }

    @Test
    void deletingRemovesTheRowTheObjectAndThePreviewAndSaysSo() {
        String alice = person("alice");
        String chatId = UUID.randomUUID().toString();
        String id = id(uploaded(alice, "photo.png", SampleFiles.png(), chatId));
        String previewKey = "previews/" + id + ".png";
        store(previewKey, SampleFiles.png(), "image/png");
        publish(Topics.EMBEDDING_ATTACHMENTS, id, AttachmentProcessed.TYPE, processed(id, previewKey));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> JsonPath.read(get(alice, "/api/attachments/" + id), "$.hasPreview"));
        assertThat(get(alice, "/api/attachments/usage")).contains("\"usedFiles\":1");

        http.delete().uri("/api/attachments/{id}", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();

        http.get().uri("/api/attachments/{id}", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNotFound().expectBody().returnResult();
        http.get().uri("/api/attachments/{id}/content", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNotFound().expectBody().returnResult();
        assertThat(stored("files/" + id)).isFalse();
        assertThat(stored(previewKey)).isFalse();
        assertThat(get(alice, "/api/attachments/usage")).contains("\"usedFiles\":0", "\"usedBytes\":0");
        var deleted = awaitEvent(Topics.ATTACHMENT_ATTACHMENTS, AttachmentDeleted.TYPE, id, Duration.ofSeconds(20));
        assertThat(json(deleted.value())).containsEntry("attachmentId", id)
                .containsEntry("ownerId", jwt.subject(alice)).containsEntry("chatId", chatId);
        // deleting again: it is gone
        http.delete().uri("/api/attachments/{id}", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isNotFound().expectBody().returnResult();
    }

    @Test
    void theListIsNewestFirstPagedByCursorAndFilteredByChat() {
        String alice = person("alice");
        String chat = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(id(uploaded(alice, "file-" + i + ".txt", SampleFiles.text("file " + i), i % 2 == 0 ? chat : null)));
        }
        List<String> newestFirst = ids.reversed();

        String first = get(alice, "/api/attachments?limit=2");
        assertThat((List<String>) JsonPath.read(first, "$.items[*].id")).isEqualTo(newestFirst.subList(0, 2));
        String cursor = JsonPath.read(first, "$.nextCursor");
        String second = get(alice, "/api/attachments?limit=2&cursor=" + cursor);
        assertThat((List<String>) JsonPath.read(second, "$.items[*].id")).isEqualTo(newestFirst.subList(2, 4));
        String third = get(alice, "/api/attachments?limit=2&cursor=" + JsonPath.read(second, "$.nextCursor"));
        assertThat((List<String>) JsonPath.read(third, "$.items[*].id")).isEqualTo(newestFirst.subList(4, 5));
        assertThat((String) JsonPath.read(third, "$.nextCursor")).isNull();

        String inChat = get(alice, "/api/attachments?chatId=" + chat);
        assertThat((List<String>) JsonPath.read(inChat, "$.items[*].id"))
                .containsExactly(ids.get(4), ids.get(2), ids.get(0));
        assertThat((List<String>) JsonPath.read(inChat, "$.items[*].chatId")).containsOnly(chat);

        http.get().uri("/api/attachments?cursor=garbage").header("Authorization", bearer(alice)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:invalid-cursor");
        http.get().uri("/api/attachments?chatId=nope").header("Authorization", bearer(alice)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("chatId");
        http.get().uri("/api/attachments?limit=0").header("Authorization", bearer(alice)).exchange()
                .expectStatus().isBadRequest().expectBody().returnResult();
    }

    @Test
    void usageCountsTheCallersFilesAgainstTheQuota() {
        String alice = person("alice");
        uploaded(alice, "a.txt", SampleFiles.text("12345"));
        uploaded(alice, "b.txt", SampleFiles.text("123"));
        Map<String, Object> usage = json(get(alice, "/api/attachments/usage"));
        assertThat(usage).containsEntry("usedBytes", 8).containsEntry("usedFiles", 2)
                .containsEntry("quotaBytes", (int) (4 * MAX_FILE_SIZE)).containsEntry("quotaFiles", 10);
    }

    @Test
    void everyEndpointIsDescribed() {
        String docs = new String(http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        assertThat((Map<String, Object>) JsonPath.read(docs, "$.paths['/api/attachments']")).containsKeys("get", "post");
        assertThat((Map<String, Object>) JsonPath.read(docs, "$.paths['/api/attachments/{id}']"))
                .containsKeys("get", "delete");
        for (String path : List.of("/api/attachments/usage", "/api/attachments/{id}/content",
                "/api/attachments/{id}/preview")) {
            assertThat((Map<String, Object>) JsonPath.read(docs, "$.paths['" + path + "']")).containsKey("get");
        }
        assertThat((Map<String, Object>) JsonPath.read(docs,
                "$.paths['/api/attachments'].post.requestBody.content['multipart/form-data']")).isNotEmpty();
        assertThat((Map<String, Object>) JsonPath.read(docs, "$.paths['/api/attachments'].post.responses"))
                .containsKeys("201", "400", "409", "413", "415");
    }

    static String processed(String id, String previewKey) {
        return """
                {"eventId":"%s","occurredAt":"%s","attachmentId":"%s","pages":1,"chunks":1,"ocrPages":1,
                 "characters":12,"scan":"skipped","previewKey":"%s","note":null,"embeddingModel":"all-MiniLM-L6-v2"}"""
                .formatted(UUID.randomUUID(), Instant.now(), id, previewKey);
    }
}
