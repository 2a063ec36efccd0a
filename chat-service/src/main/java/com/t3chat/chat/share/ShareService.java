package com.t3chat.chat.share;

import com.t3chat.platform.accounts.DisabledUsers;
import com.t3chat.chat.chat.Chat;
import com.t3chat.chat.chat.ChatService;
import com.t3chat.chat.message.Message;
import com.t3chat.chat.message.Replies;
import com.t3chat.platform.problem.ApiProblem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read-only snapshots of a chat's active path, reachable by anyone who has the link until revoked. */
@Service
class ShareService {

    private static final SecureRandom random = new SecureRandom();

    private final ChatService chats;
    private final Replies messages;
    private final ShareRepository shares;
    private final DisabledUsers disabledUsers;
    private final Clock clock = Clock.systemUTC();

    ShareService(ChatService chats, Replies messages, ShareRepository shares, DisabledUsers disabledUsers) {
        this.chats = chats;
        this.messages = messages;
        this.shares = shares;
        this.disabledUsers = disabledUsers;
    }

    /** Freezes the path from the first message to {@code messageId} (default: the chat's current leaf). */
    Mono<Share> create(String ownerId, UUID chatId, UUID messageId) {
        return disabledUsers.refuseIfDisabled(ownerId).then(chats.get(ownerId, chatId)).flatMap(chat -> {
            UUID upTo = messageId != null ? messageId : chat.currentLeafId();
            if (upTo == null) {
                return Mono.error(ApiProblem.invalidField("messageId", "the chat has no messages to share yet"));
            }
            return messages.find(chatId, upTo)
                    .switchIfEmpty(Mono.error(() -> ApiProblem.invalidField("messageId",
                            "is not a message of this chat")))
                    .flatMap(found -> snapshot(chat, found.id()));
        });
    }

    Flux<Share> list(String ownerId, UUID chatId) {
        return chats.get(ownerId, chatId).flatMapMany(chat -> shares.findByChat(chatId));
    }

    Mono<Void> revoke(String ownerId, String token) {
        return disabledUsers.refuseIfDisabled(ownerId).then(shares.delete(token, ownerId))
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.error(() -> notFound()))
                .then();
    }

    Mono<Share> open(String token) {
        return shares.find(token).switchIfEmpty(Mono.error(ShareService::notFound));
    }

    private Mono<Share> snapshot(Chat chat, UUID upTo) {
        return messages.path(chat.id(), upTo)
                .filter(m -> Message.COMPLETE.equals(m.status()))
                .map(m -> new SharedMessage(m.role(), m.content(), m.model(), m.createdAt()))
                .collectList()
                .map(snapshot -> new Share(newToken(), chat.id(), chat.ownerId(), upTo, chat.title(), snapshot,
                        clock.instant().truncatedTo(ChronoUnit.MICROS)))
                .flatMap(share -> shares.insert(share).thenReturn(share));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("This share link does not exist or was revoked.");
    }
}
