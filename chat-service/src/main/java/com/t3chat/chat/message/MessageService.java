package com.t3chat.chat.message;

import com.t3chat.chat.attachment.MessageAttachment;
import com.t3chat.chat.attachment.MessageAttachments;
import com.t3chat.chat.chat.Chat;
import com.t3chat.chat.chat.ChatService;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.platform.accounts.DisabledUsers;
import com.t3chat.platform.events.OutboxWriter;
import com.t3chat.platform.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The message tree: posting (a user message and its pending reply), regenerating, switching branches, stopping.
 * Every change and the event asking llm-service for a reply commit in one transaction; a posting or regenerate
 * that names an {@code Idempotency-Key} claims it in that same transaction.
 */
@Service
class MessageService {

    private static final Duration PURGE_TIMEOUT = Duration.ofMinutes(1);

    private final ChatService chats;
    private final MessageRepository messages;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final MessageProperties properties;
    private final ModelCatalogClient catalogue;
    private final AdmissionClient admission;
    private final HistoryBudget budget;
    private final PostingLimits postingLimits;
    private final IdempotencyKeys idempotencyKeys;
    private final IdempotencyProperties idempotency;
    private final DisabledUsers disabledUsers;
    private final MessageAttachments attachments;
    private final Clock clock = Clock.systemUTC();

    MessageService(ChatService chats, MessageRepository messages, OutboxWriter outbox, TransactionalOperator tx,
            MessageProperties properties, ModelCatalogClient catalogue, AdmissionClient admission,
            HistoryBudget budget, PostingLimits postingLimits, IdempotencyKeys idempotencyKeys,
            IdempotencyProperties idempotency, DisabledUsers disabledUsers, MessageAttachments attachments) {
        this.chats = chats;
        this.messages = messages;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
        this.catalogue = catalogue;
        this.admission = admission;
        this.budget = budget;
        this.postingLimits = postingLimits;
        this.idempotencyKeys = idempotencyKeys;
        this.idempotency = idempotency;
        this.disabledUsers = disabledUsers;
        this.attachments = attachments;
    }

    Mono<MessageTree> tree(String ownerId, UUID chatId) {
        return chats.get(ownerId, chatId).flatMap(chat -> attachments.ofChat(chatId)
                .flatMap(files -> messages.findAll(chatId)
                        .map(m -> MessageResponse.from(m, files.getOrDefault(m.id(), List.of())))
                        .collectList())
                .map(all -> new MessageTree(all, chat.currentLeafId())));
    }

    /**
     * Stores the user message (with references to its files) and its pending reply and asks for the reply. With an
     * {@code idempotencyKey} a repeat of the same request answers what the first one made (nothing new is stored,
     * asked for or checked), and another request under the same key is refused. The files are checked with
     * attachment-service after the limits and before anything is stored.
     */
    Mono<PostedMessages> post(Caller caller, UUID chatId, PostMessageRequest request, String idempotencyKey) {
        if (request.content().length() > properties.maxContentLength()) {
            return Mono.error(ApiProblem.invalidField("content",
                    "must be at most " + properties.maxContentLength() + " characters"));
        }
        if (budget.encodedSize(request.content()) > properties.maxContentBytes()) {
            return Mono.error(ApiProblem.invalidField("content",
                    "must be at most " + properties.maxContentBytes() + " bytes in UTF-8"));
        }
        String ownerId = caller.subject();
        if (request.atRoot() && request.parentId() != null) {
            return Mono.error(ApiProblem.invalidField("root", "cannot be combined with parentId"));
        }
        List<UUID> attachmentIds = request.attachments();
        if (new HashSet<>(attachmentIds).size() < attachmentIds.size()) {
            return Mono.error(ApiProblem.invalidField("attachmentIds", "must not name the same attachment twice"));
        }
        Idempotency once = Idempotency.of(idempotencyKey, "post", request.parentId(), request.atRoot(),
                request.model(), attachmentIds, request.content());
        return disabledUsers.refuseIfDisabled(ownerId).then(chats.get(ownerId, chatId)).flatMap(chat ->
                repeatedPost(ownerId, chatId, once).switchIfEmpty(Mono.defer(() -> {
                    String model = firstOf(request.model(), chat.model(), properties.defaultModel());
                    return admissible(caller, request.model(), model)
                            .then(request.atRoot() ? Mono.just(Optional.<UUID>empty())
                                    : parentOf(chat, request.parentId()))
                            .flatMap(parent -> attachments.check(caller.token(), attachmentIds)
                                    .flatMap(files -> store(ownerId, chat, once, parent.orElse(null),
                                            request.content(), model, files)));
                })));
    }

    /**
     * The user message with its files and its pending reply, the reply's request and the idempotency key, in one
     * transaction; a key another request took first answers that request's messages.
     */
    private Mono<PostedMessages> store(String ownerId, Chat chat, Idempotency once, UUID parentId, String content,
            String model, List<MessageAttachment> files) {
        UUID chatId = chat.id();
        Instant now = now();
        Message user = Message.user(chatId, parentId, content, now);
        Message reply = Message.pendingReply(chatId, user.id(), model, UUID.randomUUID(), now);
        return tx.transactional(claim(ownerId, chatId, once, user.id(), reply.id(), now)
                        .then(messages.insert(user))
                        .then(attachments.attach(user.id(), ownerId, files))
                        .flatMap(stored -> requestReply(ownerId, chat, reply)
                                .map(pending -> new PostedMessages(MessageResponse.from(user, stored),
                                        MessageResponse.from(pending)))))
                .onErrorResume(KeyTaken.class, taken -> repeatedPost(ownerId, chatId, once));
    }

    /**
     * A new assistant reply under the question of {@code messageId} (or under {@code messageId} itself when it is a
     * user message). An {@code idempotencyKey} works as for {@link #post}.
     */
    Mono<MessageResponse> regenerate(Caller caller, UUID chatId, UUID messageId, RegenerateRequest request,
            String idempotencyKey) {
        String ownerId = caller.subject();
        Idempotency once = Idempotency.of(idempotencyKey, "regenerate", messageId, false, request.model(), List.of(),
                "");
        return disabledUsers.refuseIfDisabled(ownerId).then(chats.get(ownerId, chatId))
                .flatMap(chat -> existing(chatId, messageId).flatMap(message ->
                        repeatedReply(ownerId, chatId, once).switchIfEmpty(Mono.defer(() -> {
                            boolean reply = Message.ASSISTANT.equals(message.role());
                            UUID question = reply ? message.parentId() : message.id();
                            String model = firstOf(request.model(), reply ? message.model() : chat.model(),
                                    properties.defaultModel());
                            return admissible(caller, request.model(), model).then(Mono.defer(() -> {
                                Instant now = now();
                                Message pending = Message.pendingReply(chatId, question, model, UUID.randomUUID(),
                                        now);
                                return tx.transactional(claim(ownerId, chatId, once, null, pending.id(), now)
                                                .then(requestReply(ownerId, chat, pending)))
                                        .map(MessageResponse::from)
                                        .onErrorResume(KeyTaken.class, taken -> repeatedReply(ownerId, chatId, once));
                            }));
                        }))));
    }

    /** What an earlier post under the same key made, or empty when the key is new (or there is none). */
    private Mono<PostedMessages> repeatedPost(String ownerId, UUID chatId, Idempotency once) {
        return used(ownerId, chatId, once).flatMap(used -> Mono.zip(
                        existing(chatId, used.userMessageId()), attachments.of(used.userMessageId()),
                        existing(chatId, used.assistantMessageId()))
                .map(all -> new PostedMessages(MessageResponse.from(all.getT1(), all.getT2()),
                        MessageResponse.from(all.getT3()))));
    }

    /** The reply an earlier regenerate under the same key made, or empty. */
    private Mono<MessageResponse> repeatedReply(String ownerId, UUID chatId, Idempotency once) {
        return used(ownerId, chatId, once)
                .flatMap(used -> existing(chatId, used.assistantMessageId()))
                .map(MessageResponse::from);
    }

    private Mono<IdempotencyKeys.Used> used(String ownerId, UUID chatId, Idempotency once) {
        if (once == null) {
            return Mono.empty();
        }
        return idempotencyKeys.find(ownerId, chatId, once.key(), now().minus(idempotency.keptFor()))
                .flatMap(used -> used.requestHash().equals(once.requestHash()) ? Mono.just(used)
                        : Mono.error(Idempotency.reused()));
    }

    /** Claims the key within the caller's transaction; a key another request holds ends it with {@link KeyTaken}. */
    private Mono<Void> claim(String ownerId, UUID chatId, Idempotency once, UUID userMessageId, UUID replyId,
            Instant now) {
        if (once == null) {
            return Mono.empty();
        }
        return idempotencyKeys.claim(ownerId, chatId, once.key(),
                        new IdempotencyKeys.Used(once.requestHash(), userMessageId, replyId), now,
                        now.minus(idempotency.keptFor()))
                .flatMap(claimed -> claimed ? Mono.<Void>empty() : Mono.error(new KeyTaken()));
    }

    /** Another request with the same key committed first: this one's transaction is rolled back. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super("idempotency key taken", null, false, false);
        }
    }

    /** Deletes idempotency keys older than they are kept. */
    @Scheduled(fixedDelayString = "${t3chat.idempotency.purge-interval:1h}")
    void purgeIdempotencyKeys() {
        idempotencyKeys.purge(now().minus(idempotency.keptFor())).block(PURGE_TIMEOUT);
    }

    Mono<Void> moveLeaf(String ownerId, UUID chatId, UUID messageId) {
        return chats.get(ownerId, chatId)
                .then(existing(chatId, messageId))
                .flatMap(message -> chats.moveLeaf(chatId, message.id(), now()));
    }

    /**
     * A new chat holding the path up to {@code messageId} (finished messages only, each with its files), its last
     * message the leaf.
     */
    Mono<Chat> branch(String ownerId, UUID chatId, UUID messageId) {
        return chats.get(ownerId, chatId).flatMap(chat -> existing(chatId, messageId)
                .flatMapMany(message -> messages.path(chatId, message.id()))
                .filter(message -> !message.pending())
                .collectList()
                .flatMap(path -> tx.transactional(chats.create(ownerId, chat.title(), chat.model())
                        .flatMap(copy -> copyPath(path, copy.id())
                                .flatMap(leaf -> chats.moveLeaf(copy.id(), leaf, now()))
                                .then(chats.get(ownerId, copy.id()))))));
    }

    private Mono<UUID> copyPath(List<Message> path, UUID chatId) {
        Mono<UUID> parent = Mono.empty();
        for (Message message : path) {
            parent = parent.map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(p -> {
                Message copy = message.copyTo(chatId, p.orElse(null));
                return messages.insert(copy)
                        .then(attachments.copy(message.id(), copy.id()))
                        .thenReturn(copy.id());
            });
        }
        return parent;
    }

    /**
     * Asks llm-service to stop a pending reply. A reply no generator has claimed yet ends here at once — stopped,
     * with no text — so that nothing is generated for it later; the stop event still goes out (llm-service skips the
     * request, and every replica ends the reply's streams).
     */
    Mono<Void> stop(String ownerId, UUID chatId, UUID messageId) {
        return chats.get(ownerId, chatId)
                .then(existing(chatId, messageId))
                .filter(Message::pending)
                .flatMap(reply -> tx.transactional((reply.waiting() ? stopWaiting(reply) : Mono.<Void>empty())
                        .then(outbox.append(Topics.CHAT_MESSAGES, chatId.toString(), ReplyStopRequested.TYPE,
                                new ReplyStopRequested(UUID.randomUUID(), now(), chatId, reply.id())))));
    }

    private Mono<Void> stopWaiting(Message reply) {
        return messages.finish(new FinishedReply(reply.id(), Message.COMPLETE, "", null, null,
                STOPPED, 0L, 0L, null, null, new Integer[0], null, now(), false)).then();
    }

    /** The finish reason of a stopped reply (as in {@code ReplyCompleted}). */
    private static final String STOPPED = ReplyCompleted.STOPPED;

    /** Stores a pending reply, makes it the leaf and asks for it; joins the caller's tx. */
    private Mono<Message> requestReply(String ownerId, Chat chat, Message reply) {
        UUID chatId = chat.id();
        Instant now = reply.createdAt();
        return messages.insert(reply)
                .then(history(chatId, reply.parentId()))
                .flatMap(history -> outbox.append(Topics.CHAT_MESSAGES, chatId.toString(), ReplyRequested.TYPE,
                        new ReplyRequested(reply.requestEventId(), now, chatId, ownerId, reply.id(), reply.parentId(),
                                reply.model(), history, chat.fallbackModel())))
                .then(chats.moveLeaf(chatId, reply.id(), now))
                .thenReturn(reply);
    }

    /** The branch up to {@code id} as prompt turns, newest kept within the history budget (in bytes). */
    private Mono<List<PromptMessage>> history(UUID chatId, UUID id) {
        return messages.path(chatId, id)
                .filter(m -> Message.COMPLETE.equals(m.status()))
                .map(m -> new PromptMessage(m.role(), m.content()))
                .collectList()
                .map(budget::newestWithin);
    }

    /**
     * Whether a reply with {@code model} may be requested: the per-user reply limits (from our own table) first,
     * then a model the caller named must be offered and the operator's limits on system-key use must allow another
     * reply (both asked of llm-service at once), before anything is stored.
     */
    private Mono<Void> admissible(Caller caller, String requested, String model) {
        return postingLimits.admit(caller.subject())
                .then(Mono.when(checkModel(caller, requested), admission.admit(caller.token(), model)));
    }

    /** A model the caller names must be one llm-service offers (when llm-service can say). */
    private Mono<Void> checkModel(Caller caller, String model) {
        if (model == null) {
            return Mono.empty();
        }
        return catalogue.modelIds(caller.token())
                .filter(known -> known.isPresent() && !known.get().contains(model))
                .flatMap(unknown -> Mono.error(ApiProblem.invalidField("model",
                        "is not an available model (see GET /api/models)")));
    }

    /** Who is asking: the token's subject, and the token itself for calls made on the caller's behalf. */
    record Caller(String subject, String token) {
    }

    private Mono<Optional<UUID>> parentOf(Chat chat, UUID requested) {
        if (requested == null) {
            return Mono.just(Optional.ofNullable(chat.currentLeafId()));
        }
        return messages.find(chat.id(), requested)
                .map(m -> Optional.of(m.id()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.invalidField("parentId", "is not a message of this chat")));
    }

    private Mono<Message> existing(UUID chatId, UUID messageId) {
        return messages.find(chatId, messageId)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no message " + messageId + ".")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        throw new IllegalStateException("no default model configured");
    }
}
