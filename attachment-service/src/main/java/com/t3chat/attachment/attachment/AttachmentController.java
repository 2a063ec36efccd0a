package com.t3chat.attachment.attachment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's attachments (uploads arrive with the attachments feature). */
@RestController
class AttachmentController {

    private final DatabaseClient db;

    AttachmentController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/api/attachments")
    Mono<AttachmentList> list(@AuthenticationPrincipal Jwt jwt) {
        return db.sql("""
                        select id, chat_id, filename, content_type, size_bytes, status, created_at
                        from attachment where owner_id = :owner order by created_at desc limit 200""")
                .bind("owner", jwt.getSubject())
                .map(row -> new AttachmentResponse(row.get("id", UUID.class), row.get("chat_id", UUID.class),
                        row.get("filename", String.class), row.get("content_type", String.class),
                        row.get("size_bytes", Long.class), row.get("status", String.class),
                        row.get("created_at", Instant.class)))
                .all()
                .collectList()
                .map(items -> new AttachmentList(jwt.getSubject(), items));
    }

    record AttachmentList(String owner, List<AttachmentResponse> items) {
    }

    record AttachmentResponse(UUID id, UUID chatId, String filename, String contentType, long sizeBytes,
            String status, Instant createdAt) {
    }
}
