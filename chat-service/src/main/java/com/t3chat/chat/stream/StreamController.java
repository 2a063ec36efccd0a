package com.t3chat.chat.stream;

import com.t3chat.chat.chat.ChatService;
import com.t3chat.chat.message.Message;
import com.t3chat.chat.message.Replies;
import com.t3chat.platform.problem.ApiProblem;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reply as server-sent events: {@code reasoning} events (a reasoning model's thinking) and {@code delta} events
 * (the answer), both with {@code id} = the reply's sequence number, then one {@code done} or {@code error}. A client
 * that reconnects with {@code Last-Event-ID} — to any replica — gets exactly the reasoning and text after that
 * piece. Closing the connection does not stop the reply. A reply whose request waits for the model service to pick
 * it up starts with a {@code waiting} event (phase {@code queued}), and {@code started} follows when a generator
 * claims it. A reply resumed before the part of it this replica still keeps in memory (over
 * {@code t3chat.streams.max-buffer-bytes}) gets a {@code truncated} event first, then the rest.
 */
@RestController
class StreamController {

    private final ChatService chats;
    private final Replies messages;
    private final ReplyStreams streams;

    StreamController(ChatService chats, Replies messages, ReplyStreams streams) {
        this.chats = chats;
        this.messages = messages;
        this.streams = streams;
    }

    @GetMapping(path = "/api/chats/{chatId}/messages/{messageId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> stream(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID chatId,
            @PathVariable UUID messageId, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long after = parseLastEventId(lastEventId);
        return chats.get(jwt.getSubject(), chatId)
                .then(messages.find(chatId, messageId))
                .filter(message -> Message.ASSISTANT.equals(message.role()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no reply " + messageId + ".")))
                .flatMapMany(message -> streams.events(message, after));
    }

    private static long parseLastEventId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        if (!lastEventId.strip().matches("[0-9]{1,18}")) {
            throw ApiProblem.invalidField("Last-Event-ID",
                    "must be the id of a delta or reasoning event (a whole number)");
        }
        return Long.parseLong(lastEventId.strip());
    }
}
