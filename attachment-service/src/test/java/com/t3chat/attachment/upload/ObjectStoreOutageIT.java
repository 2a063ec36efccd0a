package com.t3chat.attachment.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.attachment.SampleFiles;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.test.TestInfra;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** With the object store unreachable, an upload is a 503 the client can retry, and nothing is recorded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/attachment-service.yml",
        "t3chat.attachments.spool-directory=target/upload-spool-outage",
        "t3chat.object-store.connect-timeout=1s"})
@AutoConfigureWebTestClient(timeout = "30s")
class ObjectStoreOutageIT {

    private static final int NOTHING_LISTENS = PortProbe.freePort();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "attachment");
        registry.add("t3chat.object-store.endpoint", () -> "http://127.0.0.1:" + NOTHING_LISTENS);
    }

    @Autowired
    WebTestClient http;

    @Test
    void anUploadIsAServiceUnavailableProblemAndNothingIsRecorded() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String bearer = "Bearer " + TestInfra.shared().jwt().token(alice, "user");
        var form = new MultipartBodyBuilder();
        form.part("file", SampleFiles.png()).filename("a.png");
        http.post().uri("/api/attachments").header("Authorization", bearer)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:object-store-unavailable");
        String usage = new String(http.get().uri("/api/attachments/usage").header("Authorization", bearer).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(usage).contains("\"usedFiles\":0");
    }
}
