package com.t3chat.embedding.chunk;

import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The chunk table: an attachment's passages, their vectors and the model that made them, scoped by owner and chat. */
@Repository
public class ChunkStore {

    private static final int ROWS_PER_STATEMENT = 100;

    private final DatabaseClient db;

    ChunkStore(DatabaseClient db) {
        this.db = db;
    }

    /** Replaces the attachment's chunks (call inside the transaction that finishes its job). */
    public Mono<Void> replace(UUID attachmentId, String ownerId, UUID chatId, List<EmbeddedChunk> chunks,
            String model) {
        Mono<Void> inserts = Flux.fromIterable(partition(chunks))
                .concatMap(batch -> insert(attachmentId, ownerId, chatId, batch, model))
                .then();
        return delete(attachmentId).then(inserts);
    }

    public Mono<Long> delete(UUID attachmentId) {
        return db.sql("delete from chunk where attachment_id = :id")
                .bind("id", attachmentId)
                .fetch()
                .rowsUpdated();
    }

    private Mono<Void> insert(UUID attachmentId, String ownerId, UUID chatId, List<EmbeddedChunk> batch, String model) {
        return db.inConnectionMany(connection -> {
            Statement statement = connection.createStatement("""
                    insert into chunk (attachment_id, owner_id, chat_id, ordinal, page, content, embedding,
                                       embedding_model)
                    values ($1, $2, $3, $4, $5, $6, $7, $8)""");
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    statement.add();
                }
                EmbeddedChunk chunk = batch.get(i);
                statement.bind(0, attachmentId).bind(1, ownerId);
                if (chatId == null) {
                    statement.bindNull(2, UUID.class);
                } else {
                    statement.bind(2, chatId);
                }
                statement.bind(3, chunk.chunk().ordinal());
                if (chunk.chunk().page() == null) {
                    statement.bindNull(4, Integer.class);
                } else {
                    statement.bind(4, chunk.chunk().page());
                }
                statement.bind(5, chunk.chunk().text()).bind(6, chunk.vectorBytes()).bind(7, model);
            }
            return Flux.from(statement.execute()).flatMap(result -> result.getRowsUpdated());
        }).then();
    }

    private static List<List<EmbeddedChunk>> partition(List<EmbeddedChunk> chunks) {
        List<List<EmbeddedChunk>> batches = new java.util.ArrayList<>();
        for (int from = 0; from < chunks.size(); from += ROWS_PER_STATEMENT) {
            batches.add(chunks.subList(from, Math.min(chunks.size(), from + ROWS_PER_STATEMENT)));
        }
        return batches;
    }
}
