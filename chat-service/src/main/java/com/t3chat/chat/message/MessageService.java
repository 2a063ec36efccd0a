package com.t3chat.chat.message;

import com.t3chat.chat.admission.Admissions;
import com.t3chat.chat.attachment.MessageAttachment;
import com.t3chat.chat.attachment.MessageAttachments;
import com.t3chat.chat.chat.Chat;
import com.t3chat.chat.chat.ChatService;
import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.contracts.chat.MessagePosted;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
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
    private final ModelCatalog catalogue;
    private final Admissions admission;
    private final HistoryBudget budget;
    private final PostingLimits postingLimits;
    private final IdempotencyKeys idempotencyKeys;
    private final IdempotencyProperties idempotency;
    private final DisabledUsers disabledUsers;
    private final MessageAttachments attachments;
    private final Clock clock = Clock.systemUTC();

    MessageService(ChatService chats, MessageRepository messages, OutboxWriter outbox, TransactionalOperator tx,
            MessageProperties properties, ModelCatalog catalogue, Admissions admission,
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

    /** Every message of the chat and the active leaf: O(messages), for tools and tests ({@code ?view=tree}). */
    Mono<MessageTree> tree(String ownerId, UUID chatId) {
        return chats.get(ownerId, chatId).flatMap(chat -> attachments.ofChat(chatId)
                .flatMap(files -> messages.findAll(chatId)
                        .map(m -> MessageResponse.from(m, files.getOrDefault(m.id(), List.of())))
                        .collectList())
                .map(all -> new MessageTree(all, chat.currentLeafId())));
    }

    /**
     * A page of the active branch, newest first: from the leaf (or the {@code cursor}) upward, {@code limit}
     * messages, or down to {@code until} when that is further (at most {@value #MAX_UNTIL} messages; 404 when
     * {@code until} is not on that branch). Each message says which of its parent's versions it is. The same few
     * statements whatever the chat's size: the chat, the page, the page's versions and the page's files.
     */
    Mono<MessagePage> page(String ownerId, UUID chatId, int limit, String cursor, UUID until) {
        MessageCursor from = cursor == null || cursor.isBlank() ? null : MessageCursor.decode(cursor);
        return chats.get(ownerId, chatId).flatMap(chat -> {
            UUID start = from != null ? from.messageId() : chat.currentLeafId();
            if (start == null) {
                return until != null ? Mono.error(notOnBranch(until))
                        : Mono.just(new MessagePage(List.of(), null, null));
            }
            int fetch = (until == null ? limit : Math.max(limit, MAX_UNTIL)) + 1;
            return messages.branchPage(chatId, start, fetch).collectList().flatMap(rows -> {
                if (rows.isEmpty()) {
                    return from != null ? Mono.error(MessageCursor.invalid())
                            : Mono.just(new MessagePage(List.of(), chat.currentLeafId(), null));
                }
                int size = Math.min(limit, rows.size());
                if (until != null) {
                    int reach = indexOf(rows, until);
                    if (reach < 0 || reach >= MAX_UNTIL) {
                        return Mono.error(notOnBranch(until));
                    }
                    size = Math.max(size, reach + 1);
                }
                List<Message> shown = rows.subList(0, size);
                String next = rows.size() > size ? new MessageCursor(rows.get(size).id()).encode() : null;
                return withVersionsAndFiles(chatId, shown)
                        .map(page -> new MessagePage(page, chat.currentLeafId(), next));
            });
        });
    }

    /** How far {@code until} may extend a page. */
    static final int MAX_UNTIL = 2_000;

    private Mono<List<MessageResponse>> withVersionsAndFiles(UUID chatId, List<Message> shown) {
        UUID[] parents = shown.stream().map(Message::parentId).filter(Objects::nonNull).distinct()
                .toArray(UUID[]::new);
        boolean roots = shown.stream().anyMatch(m -> m.parentId() == null);
        Mono<Map<UUID, List<UUID>>> versions = messages.versions(chatId, parents, roots)
                .collect(HashMap::new, (all, v) -> all.put(v.parentId(), List.of(v.ids())));
        Mono<Map<UUID, List<MessageAttachment>>> files = attachments.ofMessages(shown.stream()
                .filter(m -> Message.USER.equals(m.role())).map(Message::id).toList());
        return Mono.zip(versions, files).map(found -> shown.stream()
                .map(m -> MessageResponse.from(m, found.getT2().getOrDefault(m.id(), List.of()))
                        .asVersionOf(found.getT1().getOrDefault(m.parentId(), List.of(m.id()))))
                .toList());
    }

    private static int indexOf(List<Message> rows, UUID id) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static ApiProblem notOnBranch(UUID id) {
        return ApiProblem.notFound("There is no message " + id + " on the active branch.");
    }

    /**
     * Stores the user message (with references to its files) and its pending reply and asks for the reply. With an
     * {@code idempotencyKey} a repeat of the same request answers what the first one made (nothing new is stored,
     * asked for or checked), and another request under the same key is refused. The files are checked with
     * attachment-service after the limits and before anything is stored.
     */
    Mono<Requested<PostedMessages>> post(Caller caller, UUID chatId, PostMessageRequest request, String idempotencyKey) {
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
        return Mono.zip(disabledUsers.refuseIfDisabled(ownerId).thenReturn(true), chats.get(ownerId, chatId))
                .flatMap(allowed -> {
                    Chat chat = allowed.getT2();
                    return repeatedPost(ownerId, chatId, once).switchIfEmpty(Mono.defer(() -> {
                        String model = firstOf(request.model(), chat.model(), properties.defaultModel());
                        // independent checks, all at once; the first refusal cancels the others
                        return Mono.zip(admissible(caller, chat, request.model(), model).thenReturn(true),
                                        request.atRoot() ? Mono.just(Optional.<UUID>empty())
                                                : parentOf(chat, request.parentId()),
                                        attachments.check(caller.token(), attachmentIds))
                                .flatMap(checked -> store(ownerId, chat, once, checked.getT2().orElse(null),
                                        request.content(), model, checked.getT3()));
                    }));
                });
    }

    /**
     * The user message with its files and its pending reply, the reply's request and the idempotency key, in one
     * transaction; a key another request took first answers that request's messages.
     */
    private Mono<Requested<PostedMessages>> store(String ownerId, Chat chat, Idempotency once, UUID parentId, String content,
            String model, List<MessageAttachment> files) {
        UUID chatId = chat.id();
        Instant now = now();
        Message user = Message.user(chatId, parentId, content, now);
        Message reply = Message.pendingReply(chatId, user.id(), model, UUID.randomUUID(), now);
        return tx.transactional(claim(ownerId, chatId, once, user.id(), reply.id(), now)
                        .then(messages.insert(user))
                        .then(attachments.attach(user.id(), ownerId, files))
                        .flatMap(stored -> posted(ownerId, chat, user, files).thenReturn(stored))
                        .flatMap(stored -> requestReply(ownerId, chat, reply)
                                .map(pending -> new Requested<>(new PostedMessages(
                                        MessageResponse.from(user, stored), MessageResponse.from(pending)),
                                        pending))))
                .onErrorResume(KeyTaken.class, taken -> repeatedPost(ownerId, chatId, once));
    }

    /**
     * Tells llm-service about the user message of an event-carried chat (a post or an edit stored as a sibling),
     * before the request for its reply in the same transaction; nothing for a legacy chat, whose requests carry the
     * branch.
     */
    private Mono<Void> posted(String ownerId, Chat chat, Message user, List<MessageAttachment> files) {
        if (!chat.conversationEvents()) {
            return Mono.empty();
        }
        return outbox.append(new MessagePosted(UUID.randomUUID(), user.createdAt(), chat.id(), ownerId, user.id(),
                user.parentId(), user.content(), files.stream().map(MessageAttachment::id).toList()));
    }

    /**
     * A new assistant reply under the question of {@code messageId} (or under {@code messageId} itself when it is a
     * user message). An {@code idempotencyKey} works as for {@link #post}.
     */
    Mono<Requested<MessageResponse>> regenerate(Caller caller, UUID chatId, UUID messageId, RegenerateRequest request,
            String idempotencyKey) {
        String ownerId = caller.subject();
        Idempotency once = Idempotency.of(idempotencyKey, "regenerate", messageId, false, request.model(), List.of(),
                "");
        return Mono.zip(disabledUsers.refuseIfDisabled(ownerId).thenReturn(true), chats.get(ownerId, chatId))
                .map(allowed -> allowed.getT2())
                .flatMap(chat -> existing(chatId, messageId).flatMap(message ->
                        repeatedReply(ownerId, chatId, once).switchIfEmpty(Mono.defer(() -> {
                            boolean reply = Message.ASSISTANT.equals(message.role());
                            UUID question = reply ? message.parentId() : message.id();
                            String model = firstOf(request.model(), reply ? message.model() : chat.model(),
                                    properties.defaultModel());
                            return admissible(caller, chat, request.model(), model).then(Mono.defer(() -> {
                                Instant now = now();
                                Message pending = Message.pendingReply(chatId, question, model, UUID.randomUUID(),
                                        now);
                                return tx.transactional(claim(ownerId, chatId, once, null, pending.id(), now)
                                                .then(requestReply(ownerId, chat, pending)))
                                        .map(stored -> new Requested<>(MessageResponse.from(stored), stored))
                                        .onErrorResume(KeyTaken.class, taken -> repeatedReply(ownerId, chatId, once));
                            }));
                        }))));
    }

    /** What an earlier post under the same key made, or empty when the key is new (or there is none). */
    private Mono<Requested<PostedMessages>> repeatedPost(String ownerId, UUID chatId, Idempotency once) {
        return used(ownerId, chatId, once).flatMap(used -> Mono.zip(
                        existing(chatId, used.userMessageId()), attachments.of(used.userMessageId()),
                        existing(chatId, used.assistantMessageId()))
                .map(all -> new Requested<>(new PostedMessages(MessageResponse.from(all.getT1(), all.getT2()),
                        MessageResponse.from(all.getT3())), all.getT3())));
    }

    /** The reply an earlier regenerate under the same key made, or empty. */
    private Mono<Requested<MessageResponse>> repeatedReply(String ownerId, UUID chatId, Idempotency once) {
        return used(ownerId, chatId, once)
                .flatMap(used -> existing(chatId, used.assistantMessageId()))
                .map(reply -> new Requested<>(MessageResponse.from(reply), reply));
    }

    /**
     * What a post or a regenerate answers, and the reply it asked for as stored now (pending when just requested;
     * a repeat under the same key may find it ended).
     */
    record Requested<B>(B body, Message reply) {
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

    /**
     * Makes {@code messageId} the chat's leaf, or with {@code descend} its newest descendant (newest child at each
     * step); answers the new leaf.
     */
    Mono<UUID> moveLeaf(String ownerId, UUID chatId, UUID messageId, boolean descend) {
        return chats.get(ownerId, chatId)
                .then(descend ? messages.newestLeafUnder(chatId, messageId) : messages.find(chatId, messageId)
                        .map(Message::id))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no message " + messageId + ".")))
                .flatMap(leaf -> chats.moveLeaf(chatId, leaf, now()).thenReturn(leaf));
    }

    /**
     * A new chat holding the path up to {@code messageId} (finished messages only, each with its files), its last
     * message the leaf. Each copy's id is {@link ChatBranched#copyId}: for an event-carried chat one
     * {@link ChatBranched} tells llm-service to copy its own turns with the same ids, whatever the path's length.
     */
    Mono<Chat> branch(String ownerId, UUID chatId, UUID messageId) {
        return chats.get(ownerId, chatId).flatMap(chat -> existing(chatId, messageId)
                .flatMapMany(message -> messages.path(chatId, message.id()))
                .filter(message -> !message.pending())
                .collectList()
                .flatMap(path -> tx.transactional(chats.createBranch(ownerId, chat)
                        .flatMap(copy -> copyPath(path, copy.id())
                                .flatMap(leaf -> chats.moveLeaf(copy.id(), leaf, now()))
                                .then(Mono.defer(() -> !copy.conversationEvents() ? Mono.<Void>empty()
                                        : outbox.append(new ChatBranched(UUID.randomUUID(), now(), copy.id(),
                                                ownerId, chatId, messageId))))
                                .then(chats.get(ownerId, copy.id()))))));
    }

    /** Copies the path (oldest first) into the chat under {@link ChatBranched#copyId}s; answers the last copy. */
    private Mono<UUID> copyPath(List<Message> path, UUID chatId) {
        List<Message[]> copies = new ArrayList<>();
        UUID parent = null;
        for (Message message : path) {
            Message copy = message.copyTo(chatId, ChatBranched.copyId(chatId, message.id()), parent);
            copies.add(new Message[] {message, copy});
            parent = copy.id();
        }
        return Flux.fromIterable(copies)
                .concatMap(pair -> messages.insert(pair[1]).then(attachments.copy(pair[0].id(), pair[1].id())))
                .then(Mono.justOrEmpty(parent));
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
                        .then(outbox.append(new ReplyStopRequested(UUID.randomUUID(), now(), chatId, reply.id())))));
    }

    private Mono<Void> stopWaiting(Message reply) {
        return messages.finish(new FinishedReply(reply.id(), Message.COMPLETE, "", null, null,
                STOPPED, 0L, 0L, null, null, new Integer[0], null, now(), false)).then();
    }

    /** The finish reason of a stopped reply (as in {@code ReplyCompleted}). */
    private static final String STOPPED = ReplyCompleted.STOPPED;

    /**
     * Stores a pending reply, makes it the leaf and asks for it; joins the caller's tx. An event-carried chat's
     * request names only the branch's end (llm-service has the conversation); a legacy chat's carries the branch.
     */
    private Mono<Message> requestReply(String ownerId, Chat chat, Message reply) {
        UUID chatId = chat.id();
        Instant now = reply.createdAt();
        Mono<Optional<List<PromptMessage>>> history = chat.conversationEvents() ? Mono.just(Optional.empty())
                : history(chatId, reply.parentId()).map(Optional::of);
        return messages.insert(reply)
                .then(history)
                .flatMap(turns -> outbox.append(new ReplyRequested(reply.requestEventId(), now, chatId, ownerId,
                        reply.id(), reply.parentId(), reply.model(), turns.orElse(null), chat.fallbackModel())))
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
     * Whether a reply with {@code model} may be requested, all asked at once before anything is stored: the
     * per-user reply limits (from our own table), a model the caller named must be offered, and the operator's
     * limits on system-key use must allow another reply (as llm-service last announced them: no call).
     */
    private Mono<Void> admissible(Caller caller, Chat chat, String requested, String model) {
        return Mono.when(postingLimits.admit(caller.subject()),
                checkModel(caller, chat, requested),
                admission.admit(caller.subject(), model));
    }

    /**
     * A model the caller names must be one llm-service offers (when llm-service can say); the chat's own model and
     * the default need no check.
     */
    private Mono<Void> checkModel(Caller caller, Chat chat, String model) {
        if (model == null || model.equals(chat.model()) || model.equals(properties.defaultModel())) {
            return Mono.empty();
        }
        return catalogue.modelIds(caller.subject(), caller.token())
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
