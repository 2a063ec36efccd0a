package com.t3chat.embedding.retrieval;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The internal retrieval API (not routed by the gateway). Everything is scoped to the caller's chunks. */
@RestController
class RetrievalController {

    private final DatabaseClient db;

    RetrievalController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/internal/retrieval/summary")
    Mono<RetrievalSummary> summary(@AuthenticationPrincipal Jwt jwt) {
        return db.sql("select count(*) as n from chunk where owner_id = :owner")
                .bind("owner", jwt.getSubject())
                .map(row -> row.get("n", Long.class))
                .one()
                .map(chunks -> new RetrievalSummary(jwt.getSubject(), chunks));
    }

    record RetrievalSummary(String subject, long chunks) {
    }
}
