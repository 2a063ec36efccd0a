package com.t3chat.llm.generation;

import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.platform.events.OutboxWriter;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The {@code reply} table: one row per reply this service generated (the seed of the usage ledger). Inserting the
 * row is the claim on a reply — a replayed request, or a second request for the same reply, finds it taken — and
 * ending it publishes the reply's single completion or failure through the outbox, in the same transaction.
 */
@Repository
class Replies {

    enum Status { GENERATING, COMPLETED, FAILED, STOPPED }

    private final DatabaseClient db;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;

    Replies(DatabaseClient db, OutboxWriter outbox, TransactionalOperator tx) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    /**
     * Answers true if this request is the first for its reply: then it is ours to generate. One statement, no
     * transaction: the reply's id is the claim (a replayed request, or a second one for the same reply, inserts
     * nothing), so no processed-event row is needed — one round trip on the way to the first token instead of four.
     */
    Mono<Boolean> claim(ReplyRequested request, String model, long inputTokens, String keySource) {
        return db.sql("""
                        insert into reply (id, chat_id, owner_id, model, status, input_tokens, key_source)
                        values (:id, :chatId, :ownerId, :model, 'generating', :inputTokens, :keySource)
                        on conflict (id) do nothing""")
                .bind("keySource", keySource)
                .bind("id", request.replyId())
                .bind("chatId", request.chatId())
                .bind("ownerId", request.ownerId())
                .bind("model", model)
                .bind("inputTokens", inputTokens)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Ends a reply that is still generating and appends its final event to the outbox; answers false (and
     * publishes nothing) if the reply had already ended.
     *
     * @param alsoInTransaction what else an end records, in the same transaction (the conversation's turn, the
     *                          user's admission)
     */
    Mono<Boolean> finish(UUID replyId, Status status, String finishReason, String model, long inputTokens,
            long outputTokens, BigDecimal cost, String eventType, IntegrationEvent event, Mono<Void> alsoInTransaction) {
        Mono<Boolean> finish = db.sql("""
                        update reply set status = :status, finish_reason = :finishReason, model = :model,
                               input_tokens = :inputTokens, output_tokens = :outputTokens, cost_usd = :cost,
                               finished_at = now()
                        where id = :id and status = 'generating'""")
                .bind("model", model)
                .bind("cost", cost)
                .bind("id", replyId)
                .bind("status", status.name().toLowerCase())
                .bind("finishReason", Parameter.fromOrEmpty(finishReason, String.class))
                .bind("inputTokens", inputTokens)
                .bind("outputTokens", outputTokens)
                .fetch()
                .rowsUpdated()
                .flatMap(rows -> rows == 1
                        ? alsoInTransaction
                                .then(outbox.append(Topics.LLM_REPLIES, replyId.toString(), eventType, event))
                                .thenReturn(true)
                        : Mono.just(false));
        return tx.transactional(finish);
    }
}
