package com.t3chat.llm.generation;

import static com.t3chat.llm.generation.ReplyTopic.concat;
import static com.t3chat.llm.generation.ReplyTopic.deltas;
import static com.t3chat.llm.generation.ReplyTopic.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.llm.generation.ReplyTopic.Received;
import com.t3chat.llm.model.OfflineDemoModel;
import com.t3chat.llm.model.OfflineDemoReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

class ReplyGenerationIT extends ReplyTopicIT {

    private static final int MAX_OUTPUT = 2048;



    @Autowired
    DatabaseClient db;

    @Autowired
    ReplyGenerations generations;

    @Test
    void aReplyStreamsAsCoalescedDeltasInOrderThenOneCompletionWithTheWholeText() throws Exception {
        String question = "Write 300 words about event streaming";
        ReplyRequested request = request(OfflineDemoModel.ID, question);
        long sentAt = System.nanoTime();
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ZERO);
        long firstDeltaMs = (records.getFirst().at() - sentAt) / 1_000_000;
        List<ReplyDelta> deltas = deltas(records);
        var completed = (ReplyCompleted) records.getLast().event();

        assertThat(records.getFirst().event()).isInstanceOf(ReplyDelta.class);
        assertThat(deltas).extracting(ReplyDelta::seq)
                .containsExactlyElementsOf(sequence(deltas.size()));
        assertThat(completed.text()).isEqualTo(concat(deltas))
                .isEqualTo(OfflineDemoReply.answer(question, MAX_OUTPUT).text());
        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.FINISHED);
        assertThat(completed.model()).isEqualTo(OfflineDemoModel.ID);
        assertThat(completed.usage().outputTokens()).isEqualTo(300);
        assertThat(completed.usage().inputTokens()).isPositive();
        assertThat(completed.lastSeq()).isEqualTo(deltas.size());
        assertThat(deltas.size()).isLessThan(300); // coalesced: fewer deltas than tokens
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(request.replyId().toString()));
        // titles are chat-service's now (v13): no ChatTitleGenerated among the reply's records
        assertThat(records).noneMatch(r -> r.event() instanceof ChatTitleGenerated);
        assertThat(replyRow(request.replyId())).containsEntry("status", "completed")
                .containsEntry("finish_reason", "stop").containsEntry("output_tokens", 300L);
        System.out.printf("[measure] 300-token offline reply: first delta %d ms after the request was sent; "
                + "%d records on %s (%d deltas + completion)%n", firstDeltaMs, records.size(), Topics.LLM_REPLIES,
                deltas.size());
    }

    @Test
    void aReplayedRequestDoesNotStartASecondReply() throws Exception {
        ReplyRequested request = request(OfflineDemoModel.ID, "Write 40 words");
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        topic.publish(request.chatId(), ReplyRequested.TYPE, request); // the same event again
        topic.publish(request.chatId(), ReplyRequested.TYPE, new ReplyRequested(UUID.randomUUID(), Instant.now(),
                request.chatId(), request.ownerId(), request.replyId(), request.parentId(), request.model(),
                request.history())); // another request for the same reply

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ofSeconds(3));
        List<ReplyDelta> deltas = deltas(records);
        assertThat(records.stream().filter(r -> r.event() instanceof ReplyCompleted)).hasSize(1);
        assertThat(records.stream().filter(r -> r.event() instanceof ChatTitleGenerated)).isEmpty();
        assertThat(deltas).extracting(ReplyDelta::seq).containsExactlyElementsOf(sequence(deltas.size()));
        assertThat(((ReplyCompleted) records.getLast().event()).text()).isEqualTo(concat(deltas));
    }

    @Test
    void aStoppedReplyCompletesWithTheTextSoFar() throws Exception {
        String question = "Write 2000 words, I will stop you";
        ReplyRequested request = request(OfflineDemoModel.ID, question);
        long sentAt = System.nanoTime();
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        long firstDeltaMs = (topic.await(request.replyId(), records -> !records.isEmpty()).getFirst().at() - sentAt)
                / 1_000_000;
        topic.await(request.replyId(), records -> deltas(records).size() >= 3);
        topic.publish(request.chatId(), ReplyStopRequested.TYPE,
                new ReplyStopRequested(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId()));

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ofSeconds(1));
        List<ReplyDelta> deltas = deltas(records);
        var completed = (ReplyCompleted) records.getLast().event();
        String full = OfflineDemoReply.answer(question, MAX_OUTPUT).text();

        assertThat(completed.finishReason()).isEqualTo(ReplyCompleted.STOPPED);
        assertThat(completed.text()).isEqualTo(concat(deltas)).isNotEmpty();
        assertThat(full).startsWith(completed.text());
        assertThat(completed.text().length()).isLessThan(full.length());
        assertThat(completed.lastSeq()).isEqualTo(deltas.size());
        assertThat(deltas).extracting(ReplyDelta::seq).containsExactlyElementsOf(sequence(deltas.size()));
        assertThat(replyRow(request.replyId())).containsEntry("status", "stopped");
        System.out.printf("[measure] offline reply (warm): first delta %d ms after the request was sent%n",
                firstDeltaMs);

        // a second stop, or a stop for a reply nobody generates, changes nothing
        topic.publish(request.chatId(), ReplyStopRequested.TYPE,
                new ReplyStopRequested(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId()));
        topic.publish(request.chatId(), ReplyStopRequested.TYPE,
                new ReplyStopRequested(UUID.randomUUID(), Instant.now(), request.chatId(), UUID.randomUUID()));
        assertThat(topic.awaitEnd(request.replyId(), Duration.ofSeconds(1))).hasSameSizeAs(records);
    }

    @Test
    void anUnknownModelFailsTheReplyWithAReadableReason() throws Exception {
        ReplyRequested request = request("acme/nope", "Hello?");
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);

        List<Received> records = topic.awaitEnd(request.replyId(), Duration.ZERO);
        assertThat(records).hasSize(1);
        var failed = (ReplyFailed) records.getFirst().event();
        assertThat(failed.reason()).isEqualTo("Unknown model 'acme/nope'.");
        assertThat(failed.text()).isEmpty();
        assertThat(failed.lastSeq()).isZero();
        assertThat(replyRow(request.replyId())).containsEntry("status", "failed");
    }

    @Test
    void shutdownCutsOffRepliesStillRunningAfterTheGracePeriodKeepingTheirText() throws Exception {
        ReplyRequested request = request(OfflineDemoModel.ID, "Write 2000 words, there will be a restart");
        topic.publish(request.chatId(), ReplyRequested.TYPE, request);
        topic.await(request.replyId(), records -> deltas(records).size() >= 3);

        generations.stop(); // as at shutdown (grace 1 s here), the Kafka listeners being stopped already
        try {
            assertThat(generations.inFlight()).isZero();
            List<Received> records = topic.awaitEnd(request.replyId(), Duration.ZERO);
            var failed = (ReplyFailed) records.getLast().event();
            assertThat(failed.reason()).isEqualTo(ReplyGenerations.INTERRUPTED);
            assertThat(failed.text()).isEqualTo(concat(deltas(records))).isNotEmpty();
            assertThat(failed.lastSeq()).isEqualTo(deltas(records).size());
            assertThat(replyRow(request.replyId())).containsEntry("status", "failed");
        } finally {
            generations.start();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ReplyRequested request(String model, String question) {
        return ReplyTopic.request(jwt.subject("erin"), model, question);
    }

    private Map<String, Object> replyRow(UUID replyId) {
        return db.sql("select status, finish_reason, output_tokens from reply where id = :id")
                .bind("id", replyId)
                .fetch()
                .one()
                .block(Duration.ofSeconds(5));
    }
}
