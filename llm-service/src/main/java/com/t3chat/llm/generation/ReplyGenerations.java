package com.t3chat.llm.generation;

import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ReplyStarted;
import com.t3chat.llm.conversation.Conversations;
import com.t3chat.llm.instructions.CustomInstructions;
import com.t3chat.llm.model.CatalogModel;
import com.t3chat.llm.model.ModelAccess;
import com.t3chat.llm.provider.Credentials;
import com.t3chat.llm.provider.ResilienceProperties;
import com.t3chat.llm.usage.Admissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * Generates replies: reads the user's custom instructions (they go first in the prompt) and the branch the reply
 * answers (from the conversation store, or a legacy request's history), decides whose key answers
 * and checks the operator's limits (all before any provider is called), claims the reply (idempotently), starts its
 * model off the caller's thread and keeps it, by reply id, until it ends — so that a stop reaches it. Requests and
 * stops of a chat share a key, hence a partition, hence this instance. Each reply's pipeline has its own
 * timeouts (see {@link Generation}); shutdown lets replies in flight finish for a grace period, then fails the rest.
 */
@Service
class ReplyGenerations implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyGenerations.class);
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(5);
    static final String INTERRUPTED = "The reply was interrupted because the service restarted; please try again.";

    private final ModelAccess access;
    private final CustomInstructions instructions;
    private final ModelCalls calls;
    private final Conversations conversations;
    private final Replies replies;
    private final DeltaPublisher deltas;
    private final GenerationProperties properties;
    private final ResilienceProperties resilience;
    private final Admissions admissions;
    private final Scheduler timer = Schedulers.parallel();
    private final Map<UUID, Generation> running = new ConcurrentHashMap<>();
    private volatile boolean accepting;

    ReplyGenerations(ModelAccess access, CustomInstructions instructions, ModelCalls calls, Conversations conversations,
            Replies replies, DeltaPublisher deltas, GenerationProperties properties, ResilienceProperties resilience,
            Admissions admissions) {
        this.access = access;
        this.instructions = instructions;
        this.calls = calls;
        this.conversations = conversations;
        this.replies = replies;
        this.deltas = deltas;
        this.properties = properties;
        this.resilience = resilience;
        this.admissions = admissions;
    }

    /**
     * Claims the reply and starts streaming it, without blocking: completes once the claim is committed and the
     * model is started (the stream, and the refresh of the user's admission, go on, on other threads). A request
     * already claimed — a replay, or another request for the same reply — does nothing, and so does a request that
     * waited longer than chat-service waits for a generator (it has failed the reply by now).
     */
    Mono<Void> start(ReplyRequested request) {
        return Mono.defer(() -> {
            if (!isRunning()) {
                return Mono.error(new IllegalStateException(
                        "Shutting down: reply " + request.replyId() + " is left for later"));
            }
            Duration waited = Duration.between(request.occurredAt(), Instant.now());
            if (waited.compareTo(properties.maxQueueWait()) > 0) {
                log.info("Reply {} was requested {} s ago, longer than chat-service waits: not started",
                        request.replyId(), waited.toSeconds());
                return Mono.empty();
            }
            // the user's instructions: one primary-key read, alongside the key, the limits and the branch (prepare)
            Mono<Optional<String>> userInstructions = instructions.find(request.ownerId()).cache();
            return access.find(request.ownerId(), request.model())
                    .flatMap(found -> {
                        Mono<ModelCalls.Prepared> prepared = found.isEmpty()
                                ? Mono.just(ModelCalls.Prepared.refused("Unknown model '" + request.model() + "'.",
                                        "none"))
                                : calls.prepare(request, found.get(), userInstructions,
                                                conversation(request, found.get()))
                                        .onErrorResume(Conversations.UnknownTurnException.class, e -> Mono.just(
                                                ModelCalls.Prepared.refused(e.getMessage(), "none")));
                        String modelId = found.map(CatalogModel::id).orElse(request.model());
                        return prepared.flatMap(ready -> claim(request, modelId, ready)
                                .zipWith(userInstructions)
                                .flatMap(claimed -> Mono.deferContextual(context -> {
                                    generate(request, modelId, ready, claimed.getT2().orElse(null));
                                    refreshAdmission(request, ready, context);
                                    return Mono.empty();
                                })));
                    })
                    .then();
        });
    }

    /** The branch the reply answers: from the conversation store, or the request's own history (legacy chats). */
    private Mono<List<PromptMessage>> conversation(ReplyRequested request, CatalogModel model) {
        return request.history() != null ? Mono.just(request.history())
                : conversations.branch(request.chatId(), request.parentId(), model.maxInputTokens());
    }

    /** Answers the claim (true) or nothing if the reply was claimed before. */
    private Mono<Boolean> claim(ReplyRequested request, String modelId, ModelCalls.Prepared prepared) {
        long promptTokens = prepared.call() == null ? 0 : prepared.call().promptTokens();
        return replies.claim(request, modelId, promptTokens, prepared.keySource())
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.fromRunnable(() -> log.debug("Reply {} already claimed: request {} ignored",
                        request.replyId(), request.eventId())));
    }

    /**
     * Starts the claimed reply's generation (or fails it with the refusal); it ends by itself — the pipeline has
     * its own timeouts and maximum duration — and leaves {@code running} when its end is recorded.
     */
    private void generate(ReplyRequested request, String modelId, ModelCalls.Prepared prepared,
            String userInstructions) {
        if (prepared.refusal() == null) {
            // before the first delta, on the same key: chat-service measures the generator's silence from here
            deltas.send(new ReplyStarted(UUID.randomUUID(), Instant.now(), request.chatId(), request.replyId(),
                    modelId));
        }
        var generation = Generation.start(request, prepared.call(),
                failedModel -> calls.fallback(request, userInstructions, failedModel,
                        model -> conversation(request, model)),
                new ReplyEnds(replies, properties.recordFor(),
                        (status, text) -> alsoWhenEnded(request, prepared, status, text)),
                new Generation.Setup(deltas::send, properties, resilience, timer));
        running.put(request.replyId(), generation);
        generation.ended().whenComplete((ok, error) -> running.remove(request.replyId(), generation));
        if (prepared.refusal() != null) {
            generation.fail(prepared.refusal());
        }
    }

    /**
     * What a reply's end records with it, in its transaction: the conversation's turn gets its text, and a
     * system-key reply's user may be admitted again (or be over a budget now).
     */
    private Mono<Void> alsoWhenEnded(ReplyRequested request, ModelCalls.Prepared prepared, Replies.Status status,
            String text) {
        return conversations.recordEnd(request.replyId(), text,
                        status == Replies.Status.FAILED ? Conversations.End.FAILED : Conversations.End.COMPLETE)
                .then(systemKey(prepared) ? admissions.afterEnd(request.ownerId()) : Mono.empty());
    }

    /**
     * A claimed system-key reply counts against its user's limits on starts (at once, per window), if the operator
     * set any: chat-service hears of a refusal this causes (no extra statements per reply otherwise). It is
     * bookkeeping beside the generation, started after it and not waited for: neither the first token nor the next
     * request of the poll waits on it. A failure is logged and leaves the reply going (llm-service checks at every
     * start); the next end refreshes again.
     */
    private void refreshAdmission(ReplyRequested request, ModelCalls.Prepared prepared, ContextView context) {
        if (!systemKey(prepared)) {
            return;
        }
        admissions.afterStart(request.ownerId())
                .contextWrite(context) // the request's trace goes on with it
                .subscribe(null, e -> log.warn("Admission of the user of reply {} not refreshed: {}",
                        request.replyId(), e.toString()));
    }

    /** Only replies on the system's keys count against the operator's limits. */
    private static boolean systemKey(ModelCalls.Prepared prepared) {
        return Credentials.KeySource.SYSTEM.id().equals(prepared.keySource());
    }

    /**
     * Stops the reply if it is being generated here (chat-service's stop, or its giving up on a reply it thought
     * unclaimed); a stop for an unknown or finished reply is ignored.
     */
    void stop(UUID replyId) {
        Generation generation = running.get(replyId);
        if (generation != null) {
            generation.stop();
        }
    }

    /** Replies being generated on this instance. */
    int inFlight() {
        return running.size();
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        accepting = true;
    }

    @Override
    public void stop() {
        accepting = false;
        if (running.isEmpty()) {
            return;
        }
        log.info("Waiting up to {} for {} replies in flight", properties.shutdownGrace(), running.size());
        if (!awaitEnd(properties.shutdownGrace())) {
            log.warn("Cutting off {} replies in flight", running.size());
            running.values().forEach(generation -> generation.fail(INTERRUPTED));
            awaitEnd(RECORD_TIMEOUT);
        }
    }

    private boolean awaitEnd(Duration timeout) {
        try {
            CompletableFuture.allOf(running.values().stream().map(Generation::ended)
                    .toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Stops after the Kafka listeners (no new requests arrive while replies are being finished). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 200;
    }
}
