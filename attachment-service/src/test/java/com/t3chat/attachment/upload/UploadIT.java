package com.t3chat.attachment.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.attachment.RunningService;
import com.t3chat.attachment.SampleFiles;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.devstack.test.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/** Uploads of every allowed kind, and what is refused before anything is stored. */
class UploadIT extends RunningService {

    static List<Arguments> allowedFiles() {
        return List.of(
                Arguments.of("report.pdf", SampleFiles.pdf(), "application/pdf"),
                Arguments.of("screenshot.png", SampleFiles.png(), "image/png"),
                Arguments.of("photo.jpg", SampleFiles.jpeg(), "image/jpeg"),
                Arguments.of("sticker.webp", SampleFiles.webp(), "image/webp"),
                Arguments.of("funny.gif", SampleFiles.gif(), "image/gif"),
                Arguments.of("minutes.docx", SampleFiles.docx(),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                Arguments.of("notes.txt", SampleFiles.text("Buy milk.\n"), "text/plain"),
                Arguments.of("README.md", SampleFiles.text("# Plan\n\n- one\n- two\n"), "text/markdown"),
                Arguments.of("sales.csv", SampleFiles.text("month,total\nmay,12\n"), "text/csv"),
                Arguments.of("config.json", SampleFiles.text("{\"debug\": true}\n"), "application/json"),
                Arguments.of("Main.java", SampleFiles.text("class Main { }\n"), "text/x-java-source"),
                Arguments.of("tool.py", SampleFiles.text("print('hello')\n"), "text/x-python"));
    }

    @ParameterizedTest(name = "{0} is stored as {2}")
    @MethodSource("allowedFiles")
    void eachAllowedKindIsStoredAndAnnounced(String name, byte[] content, String mediaType) {
        String alice = person("alice");
        String chatId = UUID.randomUUID().toString();
        var response = upload(alice, name, content, chatId).expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/attachments/[0-9a-f-]{36}")
                .expectBody().returnResult();
        String body = new String(response.getResponseBody(), StandardCharsets.UTF_8);
        String id = id(body);
        assertThat(response.getResponseHeaders().getLocation()).hasToString("/api/attachments/" + id);
        assertThat(json(body)).containsEntry("name", name).containsEntry("mediaType", mediaType)
                .containsEntry("status", "uploaded").containsEntry("chatId", chatId)
                .containsEntry("size", content.length).containsEntry("hasPreview", false)
                .containsEntry("contentUrl", "/api/attachments/" + id + "/content")
                .containsEntry("previewUrl", null).containsEntry("failureCode", null).containsKey("createdAt");

        // the object is in the store under a key of ours, byte for byte
        assertThat(storedBytes("files/" + id)).isEqualTo(content);

        ConsumerRecord<String, String> event = awaitEvent(Topics.ATTACHMENT_ATTACHMENTS, AttachmentUploaded.TYPE, id,
                Duration.ofSeconds(20));
        assertThat(json(event.value())).containsEntry("attachmentId", id)
                .containsEntry("ownerId", jwt.subject(alice)).containsEntry("chatId", chatId)
                .containsEntry("name", name).containsEntry("mediaType", mediaType)
                .containsEntry("sizeBytes", content.length).containsEntry("objectKey", "files/" + id);
        assertThat(spooled()).isEmpty();
    }

    @Test
    void htmlRenamedToPdfIsRefusedNamingWhatItIsAndNothingIsStored() {
        String alice = person("alice");
        upload(alice, "invoice.pdf", SampleFiles.html()).expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:t3chat:problem:unsupported-media-type")
                .jsonPath("$.detected").isEqualTo("text/html");
        upload(alice, "logo.png", SampleFiles.svg()).expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.detected").isEqualTo("image/svg+xml");
        upload(alice, "archive.docx", SampleFiles.zip(new String[][]{{"a.txt", "hello"}}))
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.detected").isEqualTo("application/zip");
        assertThat(get(alice, "/api/attachments")).contains("\"items\":[]");
        assertThat(get(alice, "/api/attachments/usage")).contains("\"usedFiles\":0");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void theNameIsKeptOnlySanitised() {
        String alice = person("alice");
        String body = uploaded(alice, "../../etc/\u202Egnp.exe\u0007 notes.txt", SampleFiles.text("hello"));
        assertThat((String) JsonPath.read(body, "$.name")).isEqualTo("gnp.exe notes.txt");
        assertThat(stored("files/" + id(body))).isTrue();
    }

    @Test
    void theChatMayComeAsAQueryParameter() {
        String alice = person("alice");
        String chatId = UUID.randomUUID().toString();
        var form = new MultipartBodyBuilder();
        form.part("file", SampleFiles.png()).filename("a.png");
        http.post().uri("/api/attachments?chatId={c}", chatId).header("Authorization", bearer(alice))
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.chatId").isEqualTo(chatId);
    }

    @Test
    void aMissingOrEmptyFileOrABadChatIdIsAValidationProblem() {
        String alice = person("alice");
        var noFile = new MultipartBodyBuilder();
        noFile.part("chatId", UUID.randomUUID().toString());
        http.post().uri("/api/attachments").header("Authorization", bearer(alice))
                .body(BodyInserters.fromMultipartData(noFile.build())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo("file");
        upload(alice, "empty.txt", new byte[0]).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("file")
                .jsonPath("$.errors[0].message").isEqualTo("is empty");
        upload(alice, "a.txt", SampleFiles.text("x"), "not-a-uuid").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo("chatId");
        var form = new MultipartBodyBuilder();
        form.part("file", SampleFiles.png()).filename("a.png");
        http.post().uri("/api/attachments?chatId=nope").header("Authorization", bearer(alice))
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("chatId");
        assertThat(get(alice, "/api/attachments")).contains("\"items\":[]");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void malformedMultipartIsABadRequestNeverAServerError() {
        String token = token(person("alice"));
        String auth = "Authorization: Bearer " + token;
        byte[] garbage = "this is not multipart at all".getBytes(StandardCharsets.US_ASCII);
        // no boundary in the content type
        assertMalformed(RawHttp.send(port, RawHttp.request("POST", "/api/attachments",
                List.of(auth, "Content-Type: multipart/form-data"), garbage), Duration.ofSeconds(20)));
        // a boundary that never appears
        assertMalformed(RawHttp.send(port, RawHttp.request("POST", "/api/attachments",
                List.of(auth, "Content-Type: multipart/form-data; boundary=xyz"), garbage), Duration.ofSeconds(20)));
        // a body that ends in the middle of a part
        byte[] truncated = """
                --xyz\r
                Content-Disposition: form-data; name="file"; filename="a.txt"\r
                \r
                half a file""".getBytes(StandardCharsets.US_ASCII);
        assertMalformed(RawHttp.send(port, RawHttp.request("POST", "/api/attachments",
                List.of(auth, "Content-Type: multipart/form-data; boundary=xyz"), truncated), Duration.ofSeconds(20)));
        // a part without a name
        byte[] nameless = """
                --xyz\r
                Content-Disposition: form-data; filename="a.txt"\r
                \r
                hello\r
                --xyz--\r
                """.getBytes(StandardCharsets.US_ASCII);
        assertMalformed(RawHttp.send(port, RawHttp.request("POST", "/api/attachments",
                List.of(auth, "Content-Type: multipart/form-data; boundary=xyz"), nameless), Duration.ofSeconds(20)));
        // a part with no headers at all
        byte[] headerless = "--xyz\r\n\r\nhello\r\n--xyz--\r\n".getBytes(StandardCharsets.US_ASCII);
        assertMalformed(RawHttp.send(port, RawHttp.request("POST", "/api/attachments",
                List.of(auth, "Content-Type: multipart/form-data; boundary=xyz"), headerless), Duration.ofSeconds(20)));
        assertThat(spooled()).isEmpty();
    }

    @Test
    void anUploadThatIsNotMultipartIsRefusedAsProblemJson() {
        RawHttp.Response response = RawHttp.send(port, RawHttp.request("POST", "/api/attachments",
                List.of("Authorization: Bearer " + token(person("alice")), "Content-Type: application/pdf"),
                SampleFiles.pdf()), Duration.ofSeconds(20));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
    }

    @Test
    void anUploadWithoutATokenIsRefused() {
        var form = new MultipartBodyBuilder();
        form.part("file", SampleFiles.png()).filename("a.png");
        http.post().uri("/api/attachments").body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult();
    }

    private static void assertMalformed(RawHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.bodyText()).contains("urn:t3chat:problem:");
    }
}
