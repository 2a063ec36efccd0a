package com.t3chat.chat.stream;

import com.t3chat.chat.message.Message;
import com.t3chat.chat.message.Replies;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.platform.events.OutboxWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Watches pending replies. A reply that a generator claimed (its {@code ReplyStarted}, or any delta) and that has
 * been silent for {@code generator-silence} since the claim or its last delta is failed: its generator died. A reply
 * no generator has claimed is waiting — llm-service is down or busy, or the broker is — and is left alone (its
 * streams and the message API say so) for up to {@code max-queue-wait} after it was requested; then it is failed
 * with a reason saying so, and abandoned: {@code ReplyAbandoned} tells llm-service never to start it. Both failures
 * are provisional: the generator's own completion, should it come after all, replaces them; a reply whose end has
 * arrived and is still being stored (the database is down) is not touched.
 */
@Component
class ReplyWatchdog {

    static final String REASON = "The reply stopped arriving: the model's generator stopped responding. "
            + "Try regenerating it.";
    static final String NOT_PICKED_UP = "The model service did not pick up this reply in time (it may be down or "
            + "overloaded). Try regenerating it in a moment.";
    private static final Logger log = LoggerFactory.getLogger(ReplyWatchdog.class);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);

    private final Replies messages;
    private final LiveReplies live;
    private final ReplyRelay relay;
    private final OutboxWriter outbox;
    private final StreamProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();

    ReplyWatchdog(Replies messages, LiveReplies live, ReplyRelay relay, OutboxWriter outbox,
            StreamProperties properties) {
        this.messages = messages;
        this.live = live;
        this.relay = relay;
        this.outbox = outbox;
        this.properties = properties;
    }

    /** Starts a run unless the previous one is still going (a slow database): runs never pile up. */
    @Scheduled(fixedDelayString = "${t3chat.streams.watchdog-interval:10s}")
    void watch() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        run().timeout(RUN_TIMEOUT)
                .doFinally(signal -> running.set(false))
                .subscribe(null, error -> log.warn("The watchdog's run failed: {}", error.toString()));
    }

    private Mono<Void> run() {
        Duration silence = properties.generatorSilence();
        Instant abandonBefore = Instant.now().minus(properties.maxQueueWait());
        return messages.pendingSince(silence)
                .concatMap(reply -> {
                    var seen = live.findProgress(reply.id());
                    if (seen.map(ReplyProgress::ending).orElse(false)) {
                        return Mono.empty(); // its generator's end is here, being stored
                    }
                    boolean claimed = reply.claimedAt() != null || seen.map(ReplyProgress::claimed).orElse(false);
                    if (claimed) {
                        if (seen.map(r -> r.idleNanos() <= silence.toNanos()).orElse(false)) {
                            return Mono.empty();
                        }
                        log.warn("reply {} of chat {} went silent; failing it", reply.id(), reply.chatId());
                        return relay.failOnOwnJudgement(reply, REASON, Mono.empty());
                    }
                    if (reply.createdAt().isBefore(abandonBefore)) {
                        log.warn("reply {} of chat {} was not picked up in {}; failing and abandoning it", reply.id(),
                                reply.chatId(), properties.maxQueueWait());
                        return relay.failOnOwnJudgement(reply, NOT_PICKED_UP, abandoned(reply));
                    }
                    return Mono.empty(); // still waiting for a generator
                })
                .then();
    }

    private Mono<Void> abandoned(Message reply) {
        return outbox.append(Topics.CHAT_MESSAGES, reply.chatId().toString(), ReplyAbandoned.TYPE,
                new ReplyAbandoned(UUID.randomUUID(), Instant.now(), reply.chatId(), reply.id(), NOT_PICKED_UP));
    }
}
