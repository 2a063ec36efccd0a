package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.Usage;
import com.t3chat.llm.generation.Replies.Status;
import com.t3chat.llm.model.Tokens;
import com.t3chat.llm.provider.ProviderErrors;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.math.BigDecimal;

/**
 * How a reply ended, with everything its end records: completed (finished or cut at the length limit), stopped by
 * its user, or failed with a reason a user can read — always with the text so far.
 *
 * @param finishReason {@code finished}, {@code length} or {@code stopped}; null for a failure
 * @param reasoning    the model's thinking, or null if it showed none
 * @param model        the id of the model that answered (the fallback's, if it took over)
 * @param usage        tokens as the provider reported them, else as estimated
 * @param notice       why another model answered, or null
 * @param failure      the reason a user reads, or null unless {@code status} is failed
 */
record ReplyOutcome(Status status, String finishReason, String text, String reasoning, long lastSeq, String model,
        Usage usage, BigDecimal cost, String notice, String failure) {

    /** How a reply was cut before its model ended: the user's stop, or a failure (limit, shutdown, max duration). */
    record Cut(Status status, String finishReason, String failure) {

        static final Cut STOP = new Cut(Status.STOPPED, ReplyCompleted.STOPPED, null);

        static Cut failed(String reason) {
            return new Cut(Status.FAILED, null, reason);
        }
    }

    /**
     * The outcome of what was streamed: the model's own end if it reached one (a cut that came later changes
     * nothing), else the failure that ended it, else the cut.
     *
     * @param cut the cut, or null if there was none
     */
    static ReplyOutcome of(ReplyRequested request, DeltaStream.Streamed streamed, Cut cut) {
        Long reportedInput = null;
        Integer reportedOutput = null;
        Status status;
        String finishReason = null;
        String failure = null;
        if (streamed.end() != null) {
            TokenUsage usage = streamed.end().tokenUsage();
            reportedInput = usage != null && usage.inputTokenCount() != null ? Long.valueOf(usage.inputTokenCount())
                    : null;
            reportedOutput = usage != null ? usage.outputTokenCount() : null;
            FinishReason reason = streamed.end().finishReason();
            if (reason == null) { // the stream ended without saying why: cut off (a provider always says why)
                status = Status.FAILED;
                failure = ProviderErrors.BROKE_OFF;
            } else if (reason == FinishReason.CONTENT_FILTER) {
                status = Status.FAILED;
                failure = ProviderErrors.FILTERED;
            } else {
                status = Status.COMPLETED;
                finishReason = reason == FinishReason.LENGTH ? ReplyCompleted.LENGTH : ReplyCompleted.FINISHED;
            }
        } else if (streamed.error() != null) {
            status = Status.FAILED;
            failure = reasonOf(streamed.error());
        } else if (cut != null) {
            status = cut.status();
            finishReason = cut.finishReason();
            failure = cut.failure();
        } else {
            status = Status.FAILED;
            failure = ProviderErrors.BROKE_OFF;
        }
        ModelCall used = streamed.call();
        long inputTokens = reportedInput != null ? reportedInput : used == null ? 0 : used.promptTokens();
        long outputTokens = reportedOutput != null ? reportedOutput
                : Tokens.estimate(streamed.text()) + Tokens.estimate(streamed.reasoning());
        String model = used == null ? request.model() : used.model().id();
        BigDecimal cost = used == null || used.model().price() == null ? BigDecimal.ZERO
                : used.model().price().cost(inputTokens, outputTokens);
        return new ReplyOutcome(status, finishReason, streamed.text(), streamed.reasoning(), streamed.lastSeq(), model,
                new Usage(inputTokens, outputTokens), cost, streamed.notice(), failure);
    }

    private static String reasonOf(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ReplyAttempts.IdleTimeout idle) {
                return idle.getMessage();
            }
        }
        return ProviderErrors.reason(error);
    }
}
