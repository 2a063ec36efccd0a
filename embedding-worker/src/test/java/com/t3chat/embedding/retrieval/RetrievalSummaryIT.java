package com.t3chat.embedding.retrieval;

import com.t3chat.embedding.EmbeddingWorkerIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class RetrievalSummaryIT extends EmbeddingWorkerIT {

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void theSummaryCountsOnlyTheCallersChunks() {
        // users of their own: the pipeline tests store chunks for others in the same database
        String alice = "summary-alice-" + java.util.UUID.randomUUID();
        String bob = "summary-bob-" + java.util.UUID.randomUUID();
        db.sql("""
                        insert into chunk (attachment_id, owner_id, ordinal, page, content, embedding, embedding_model)
                        values (gen_random_uuid(), :owner, 0, 1, 'hello', '\\x0000803f'::bytea, 'test')""")
                .bind("owner", jwt.subject(alice))
                .then().block();

        http.get().uri("/internal/retrieval/summary").header("Authorization", "Bearer " + jwt.token(alice, "user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.subject").isEqualTo(jwt.subject(alice))
                .jsonPath("$.chunks").isEqualTo(1);
        http.get().uri("/internal/retrieval/summary").header("Authorization", "Bearer " + jwt.token(bob, "user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.chunks").isEqualTo(0);
        http.get().uri("/internal/retrieval/summary").exchange().expectStatus().isUnauthorized();
    }
}
