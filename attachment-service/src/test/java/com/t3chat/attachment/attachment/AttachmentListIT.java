package com.t3chat.attachment.attachment;

import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/attachment-service.yml"})
@AutoConfigureWebTestClient
class AttachmentListIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "attachment");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void theListShowsOnlyTheCallersAttachments() {
        db.sql("""
                        insert into attachment (id, owner_id, filename, content_type, size_bytes, object_key, status,
                                                created_at)
                        values (gen_random_uuid(), :owner, 'notes.txt', 'text/plain', 12, gen_random_uuid()::text,
                                'ready', now())""")
                .bind("owner", jwt.subject("alice"))
                .then().block();

        http.get().uri("/api/attachments").header("Authorization", "Bearer " + jwt.token("alice", "user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.owner").isEqualTo(jwt.subject("alice"))
                .jsonPath("$.items[0].filename").isEqualTo("notes.txt");
        http.get().uri("/api/attachments").header("Authorization", "Bearer " + jwt.token("bob", "user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.owner").isEqualTo(jwt.subject("bob"))
                .jsonPath("$.items.length()").isEqualTo(0);
        http.get().uri("/api/attachments").exchange().expectStatus().isUnauthorized();
    }
}
