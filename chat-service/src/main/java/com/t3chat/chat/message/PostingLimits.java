package com.t3chat.chat.message;

import com.t3chat.chat.admission.Admissions;
import com.t3chat.platform.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The per-user reply limits ({@link PostingLimitsProperties}), counted with one query on chat-service's own message
 * table (no call to another service on the posting path). Over a limit: {@code 429 limit-exceeded} with
 * {@code limit}, {@code resetsAt} and {@code Retry-After}, before anything is stored. Two requests at the same
 * instant can both pass a limit they reach together (by at most the requests in flight).
 */
@Component
class PostingLimits {

    static final String CONCURRENT = "concurrent-replies";
    static final String PER_MINUTE = "messages-per-minute";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final MessageRepository messages;
    private final PostingLimitsProperties limits;
    private final Clock clock = Clock.systemUTC();

    PostingLimits(MessageRepository messages, PostingLimitsProperties limits) {
        this.messages = messages;
        this.limits = limits;
    }

    /** Completes empty when the user may ask for another reply now; fails with the 429 problem otherwise. */
    Mono<Void> admit(String ownerId) {
        if (limits.concurrentReplies() <= 0 && limits.messagesPerMinute() <= 0) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return messages.replyUse(ownerId, now.minus(MINUTE))
                .flatMap(use -> {
                    if (limits.concurrentReplies() > 0 && use.running() >= limits.concurrentReplies()) {
                        return Mono.error(refusal(CONCURRENT, "You already have " + use.running()
                                + " replies being written, the most allowed at once. Wait for one to finish "
                                + "(or stop one) and try again.", null, limits.retryConcurrentAfter()));
                    }
                    if (limits.messagesPerMinute() > 0 && use.recent() >= limits.messagesPerMinute()) {
                        Instant resetsAt = (use.oldest() == null ? now : use.oldest()).plus(MINUTE);
                        return Mono.error(refusal(PER_MINUTE, "You sent " + limits.messagesPerMinute()
                                + " messages in the last minute, the most allowed. Try again at " + resetsAt + ".",
                                resetsAt, Duration.between(now, resetsAt)));
                    }
                    return Mono.<Void>empty();
                });
    }

    private static ApiProblem refusal(String limit, String detail, Instant resetsAt, Duration retryAfter) {
        var problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, Admissions.LIMIT_EXCEEDED, detail);
        problem.getBody().setProperty("limit", limit);
        problem.getBody().setProperty("resetsAt", resetsAt == null ? null : resetsAt.toString());
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        return problem;
    }

    /** Whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(Duration wait) {
        long millis = Math.max(wait.toMillis(), 1);
        return (millis + 999) / 1000;
    }
}
