package com.t3chat.attachment.upload;

import static org.awaitility.Awaitility.await;

import com.t3chat.attachment.RunningService;
import com.t3chat.attachment.SampleFiles;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.UserDisabled;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A disabled person can neither upload nor delete, even with a token that is still valid; reading still works. */
class DisabledUserIT extends RunningService {

    @Test
    void aDisabledPersonCannotUploadOrDelete() {
        String alice = person("alice");
        String id = id(uploaded(alice, "before.txt", SampleFiles.text("uploaded before")));
        String event = """
                {"eventId":"%s","occurredAt":"%s","userId":"%s"}"""
                .formatted(UUID.randomUUID(), Instant.now(), jwt.subject(alice));
        publish(Topics.AUTH_USERS, jwt.subject(alice), UserDisabled.TYPE, event);

        await().atMost(Duration.ofSeconds(20)).until(() -> upload(alice, "after.txt", SampleFiles.text("no"))
                .expectBody().returnResult().getStatus().value() == 403);
        upload(alice, "after.txt", SampleFiles.text("no")).expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:t3chat:problem:account-disabled");
        http.delete().uri("/api/attachments/{id}", id).header("Authorization", bearer(alice)).exchange()
                .expectStatus().isForbidden().expectBody().returnResult();
        get(alice, "/api/attachments/" + id);
    }
}
