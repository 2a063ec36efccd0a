package com.t3chat.llm.generation;

import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.llm.generation.Replies.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Records a reply's end once its last delta is acknowledged (the final event must not overtake it): the reply's row
 * and its single completion or failure, with what else the end records, in one transaction — retried while the
 * database is unreachable, for up to {@code recordFor}.
 *
 * @param alsoInTransaction what else an end records (given its status and text), in the same transaction
 */
record ReplyEnds(Replies replies, Duration recordFor, BiFunction<Status, String, Mono<Void>> alsoInTransaction) {

    private static final Logger log = LoggerFactory.getLogger(ReplyEnds.class);

    /**
     * One try at a time, never on an event loop; what waits is this one reply's text, and no new reply is claimed
     * while the database is down, so the memory held is bounded by the replies that were in flight.
     */
    private static final RetryBackoffSpec RECORD_RETRY = Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
            .maxBackoff(Duration.ofSeconds(5));
    private static final Duration RECORD_TRY_TIMEOUT = Duration.ofSeconds(10);

    Mono<Void> record(ReplyRequested request, ReplyOutcome outcome, CompletableFuture<?> lastDelta) {
        IntegrationEvent event = outcome.failure() == null
                ? new ReplyCompleted(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(),
                        outcome.model(), outcome.finishReason(), outcome.usage(), outcome.text(), outcome.lastSeq(),
                        outcome.reasoning(), outcome.notice())
                : new ReplyFailed(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(),
                        outcome.failure(), outcome.text(), outcome.lastSeq(), outcome.reasoning());
        String type = outcome.failure() == null ? ReplyCompleted.TYPE : ReplyFailed.TYPE;
        Mono<Boolean> finish = Mono.defer(() -> replies.finish(request.replyId(), outcome.status(),
                outcome.finishReason(), outcome.model(), outcome.usage().inputTokens(), outcome.usage().outputTokens(),
                outcome.cost(), type, event, alsoInTransaction.apply(outcome.status(), outcome.text())));
        return Mono.fromFuture(lastDelta.handle((ok, error) -> true), true)
                .then(finish.timeout(RECORD_TRY_TIMEOUT)
                        .retryWhen(RECORD_RETRY.doBeforeRetry(retry -> {
                            if (retry.totalRetries() == 0) {
                                log.warn("Reply {} ended ({}) but its end cannot be recorded yet ({}); retrying for "
                                        + "up to {}", request.replyId(), outcome.status(), retry.failure().toString(),
                                        recordFor);
                            }
                        }))
                        .timeout(recordFor))
                .then();
    }
}
