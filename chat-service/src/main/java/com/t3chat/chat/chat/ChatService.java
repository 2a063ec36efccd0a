package com.t3chat.chat.chat;

import com.t3chat.platform.accounts.DisabledUsers;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ChatCreated;
import com.t3chat.contracts.chat.ChatDeleted;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.platform.events.OutboxWriter;
import com.t3chat.platform.problem.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

@Service
public class ChatService {

    static final String DEFAULT_TITLE = "New chat";

    private final ChatRepository chats;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final DisabledUsers disabledUsers;
    private final Clock clock;

    ChatService(ChatRepository chats, OutboxWriter outbox, TransactionalOperator tx, DisabledUsers disabledUsers) {
        this.chats = chats;
        this.outbox = outbox;
        this.tx = tx;
        this.disabledUsers = disabledUsers;
        this.clock = Clock.systemUTC();
    }

    /** A new chat of the owner's; joins the caller's transaction if there is one. */
    public Mono<Chat> create(String ownerId, String title, String model) {
        return create(ownerId, new CreateChatRequest(title, model));
    }

    /** Stores the chat and its {@link ChatCreated} event in one transaction. */
    Mono<Chat> create(String ownerId, CreateChatRequest request) {
        return create(ownerId, request, true);
    }

    /**
     * A new chat of the owner's for a branch of {@code source}: its title and model, and the way its conversation
     * reaches llm-service (a branch of a legacy chat stays legacy: llm-service knows none of its messages). Joins
     * the caller's transaction.
     */
    public Mono<Chat> createBranch(String ownerId, Chat source) {
        return create(ownerId, new CreateChatRequest(source.title(), source.model()), source.conversationEvents());
    }

    private Mono<Chat> create(String ownerId, CreateChatRequest request, boolean conversationEvents) {
        Instant now = now();
        String title = request.title() == null || request.title().isBlank() ? DEFAULT_TITLE : request.title().strip();
        var chat = new Chat(UUID.randomUUID(), ownerId, title, request.model(), false, false, now, now, null, null,
                conversationEvents);
        var event = new ChatCreated(UUID.randomUUID(), now, chat.id(), ownerId, chat.model());
        return tx.transactional(chats.insert(chat).then(outbox.append(event))).thenReturn(chat);
    }

    /** The owner's chat, or a 404 problem — also when the chat exists but belongs to someone else. */
    public Mono<Chat> get(String ownerId, UUID id) {
        return chats.findOwned(id, ownerId).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Makes {@code leafId} the chat's active branch and counts as activity; joins the caller's transaction. */
    public Mono<Void> moveLeaf(UUID chatId, UUID leafId, Instant activity) {
        return chats.moveLeaf(chatId, leafId, activity);
    }

    Mono<Chat> update(String ownerId, UUID id, UpdateChatRequest change) {
        return get(ownerId, id).flatMap(chat -> chats.update(id, change)).then(get(ownerId, id));
    }

    /** Deletes the chat, asks its pending replies to stop and announces it, in one transaction. */
    Mono<Void> delete(String ownerId, UUID id) {
        return disabledUsers.refuseIfDisabled(ownerId).then(get(ownerId, id))
                .flatMap(chat -> tx.transactional(chats.delete(id)
                .concatMap(replyId -> outbox.append(Topics.CHAT_MESSAGES, id.toString(), ReplyStopRequested.TYPE,
                        new ReplyStopRequested(UUID.randomUUID(), now(), id, replyId)))
                .then(outbox.append(Topics.CHAT_CHATS, id.toString(), ChatDeleted.TYPE,
                        new ChatDeleted(UUID.randomUUID(), now(), id, ownerId)))));
    }

    /** A generated title replaces only the default one: a title the owner chose stays. */
    public Mono<Void> applyGeneratedTitle(UUID chatId, String title) {
        String trimmed = title == null ? "" : title.strip();
        if (trimmed.isEmpty()) {
            return Mono.empty();
        }
        return chats.renameIfDefault(chatId, trimmed.length() > 200 ? trimmed.substring(0, 200) : trimmed,
                DEFAULT_TITLE);
    }

    /**
     * Titles a chat from its opening question once that question has its first reply: when {@code replyId} answers
     * the chat's root user message and the chat still has the default title, sets the title made from the question
     * ({@link ChatTitles}) and answers it; else empty (a later reply, an edit under a reply, a title the owner chose
     * or one set before).
     */
    public Mono<Optional<String>> titleForFirstReply(UUID chatId, UUID replyId) {
        return chats.openingQuestion(chatId, replyId, DEFAULT_TITLE)
                .flatMap(question -> Mono.justOrEmpty(ChatTitles.titleOf(question)))
                .filterWhen(title -> chats.renamedIfDefault(chatId, title, DEFAULT_TITLE))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    Mono<ChatPage> page(String ownerId, ChatFilter filter, String cursor, int limit) {
        ChatCursor after = cursor == null || cursor.isBlank() ? null : ChatCursor.decode(cursor);
        return chats.findPage(ownerId, filter, after, limit + 1).collectList().map(found -> {
            List<Chat> page = found.size() > limit ? found.subList(0, limit) : found;
            String next = found.size() > limit ? ChatCursor.of(page.getLast()).encode() : null;
            return new ChatPage(page.stream().map(ChatResponse::from).toList(), next);
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("There is no chat " + id + ".");
    }
}
