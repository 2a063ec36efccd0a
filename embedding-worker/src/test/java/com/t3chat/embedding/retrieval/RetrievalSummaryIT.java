package com.t3chat.embedding.retrieval;

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
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/embedding-worker.yml"})
@AutoConfigureWebTestClient
class RetrievalSummaryIT {

    private static final TestJwtIssuer jwt = TestInfra.shared().jwt();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "embedding");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void theSummaryCountsOnlyTheCallersChunks() {
        db.sql("""
                        insert into chunk (attachment_id, owner_id, ordinal, page, content, embedding, embedding_model)
                        values (gen_random_uuid(), :owner, 0, 1, 'hello', '\\x0000803f'::bytea, 'test')""")
                .bind("owner", jwt.subject("alice"))
                .then().block();

        http.get().uri("/internal/retrieval/summary").header("Authorization", "Bearer " + jwt.token("alice", "user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.subject").isEqualTo(jwt.subject("alice"))
                .jsonPath("$.chunks").isEqualTo(1);
        http.get().uri("/internal/retrieval/summary").header("Authorization", "Bearer " + jwt.token("bob", "user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.chunks").isEqualTo(0);
        http.get().uri("/internal/retrieval/summary").exchange().expectStatus().isUnauthorized();
    }
}
