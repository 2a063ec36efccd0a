package com.t3chat.chat.message;

import java.util.UUID;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * A reply's events as a client streams them, so that a post can answer with its reply's stream. The stream feature
 * implements it ({@code stream.ReplyStreams}); it is declared here, where it is used, because the stream feature
 * depends on this one (replies are messages) and features must not depend on each other in a cycle
 * ({@code ModuleStructureTest}).
 */
public interface ReplyEventStreams {

    /** This replica will be asked for the reply's events soon: keep them from now on. */
    void expect(UUID replyId);

    /** What {@code GET …/messages/{id}/stream} sends for the reply after {@code afterSeq}, heartbeats included. */
    Flux<ServerSentEvent<Object>> events(Message reply, long afterSeq);
}
