package com.t3chat.chat.stream;

import com.t3chat.chat.message.Message;
import com.t3chat.chat.message.ReplyEventStreams;
import com.t3chat.chat.message.Replies;
import com.t3chat.contracts.llm.Usage;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;

/**
 * A reply's server-sent events, for whoever answers with them ({@code GET …/stream}, a post answered as a stream):
 * {@code reasoning} and {@code delta} events with {@code id} = the reply's sequence number, then one {@code done} or
 * {@code error}; heartbeats meanwhile.
 */
@Service
public class ReplyStreams implements ReplyEventStreams {

    private final LiveReplies live;
    private final Replies messages;
    private final StreamProperties properties;

    ReplyStreams(LiveReplies live, Replies messages, StreamProperties properties) {
        this.live = live;
        this.messages = messages;
        this.properties = properties;
    }

    /**
     * Prepares this replica to relay a reply just requested here (its buffer is kept for {@code expect-window}), so
     * that no early event is missed and no read back from the topic is needed.
     */
    @Override
    public void expect(UUID replyId) {
        live.expect(replyId);
    }

    /** The events of {@code reply} after sequence number {@code afterSeq} (0 = from the start), ending with its end. */
    @Override
    public Flux<ServerSentEvent<Object>> events(Message reply, long afterSeq) {
        return (reply.pending() ? pending(reply, afterSeq) : ended(reply, afterSeq))
                .map(ReplyStreams::toSse)
                // sent at once so that the response starts now, not at the first delta
                .startWith(ServerSentEvent.builder().comment("stream of " + reply.id()).build())
                .mergeWith(heartbeats())
                .takeUntil(sse -> "done".equals(sse.event()) || "error".equals(sse.event()));
    }

    /**
     * A reply in flight, live; one whose request no generator has picked up yet starts with a {@code waiting} event
     * (a {@code started} event follows when one does).
     */
    private Flux<ReplyEvent> pending(Message message, long after) {
        return Flux.defer(() -> live.follow(message.id(), message.createdAt(), after)
                .map(events -> message.waiting() && !live.progress(message.id()).claimed()
                        ? events.startWith(new ReplyEvent.Waiting(message.createdAt()))
                        : events)
                // it ended a moment ago: what was stored
                .orElseGet(() -> messages.byId(message.id())
                        .flatMapMany(stored -> stored.pending()
                                ? Flux.error(new IllegalStateException("reply " + message.id()
                                        + " ended here but is still pending in the database"))
                                : ended(stored, after))));
    }

    /** A reply that already ended: its reasoning and text after {@code after} at once, then its end event. */
    private static Flux<ReplyEvent> ended(Message message, long after) {
        ReplyEvent end = Message.FAILED.equals(message.status())
                ? new ReplyEvent.Failed(message.error())
                : new ReplyEvent.Done(message.finishReason(), new Usage(
                        message.inputTokens() == null ? 0 : message.inputTokens(),
                        message.outputTokens() == null ? 0 : message.outputTokens()),
                        message.model(), message.notice());
        return Flux.fromIterable(StoredPieces.after(message.content(), message.reasoning(), message.deltaEnds(),
                        message.reasoningEnds(), after))
                .concatWithValues(end);
    }

    private Flux<ServerSentEvent<Object>> heartbeats() {
        return Flux.interval(properties.heartbeat(), properties.heartbeat())
                .map(tick -> ServerSentEvent.builder().comment("keep-alive").build());
    }

    private static ServerSentEvent<Object> toSse(ReplyEvent event) {
        return switch (event) {
            case ReplyEvent.Delta delta -> ServerSentEvent.builder()
                    .id(Long.toString(delta.seq())).event("delta").data(new DeltaData(delta.text())).build();
            // seq 0: rebuilt from a reply whose boundaries are unknown; without an id a reconnect starts over
            case ReplyEvent.Reasoning reasoning -> ServerSentEvent.builder()
                    .id(reasoning.seq() == 0 ? null : Long.toString(reasoning.seq())).event("reasoning")
                    .data(new DeltaData(reasoning.text())).build();
            case ReplyEvent.Waiting waiting -> ServerSentEvent.builder()
                    .event("waiting").data(new WaitingData(WaitingData.QUEUED, waiting.since(), WaitingData.MESSAGE))
                    .build();
            case ReplyEvent.Started started -> ServerSentEvent.builder().event("started").data("{}").build();
            case ReplyEvent.Titled titled -> ServerSentEvent.builder()
                    .event("title").data(new TitleData(titled.title())).build();
            case ReplyEvent.Done done -> ServerSentEvent.builder()
                    .event("done")
                    .data(new DoneData(done.finishReason(), done.usage(), done.model(), done.notice())).build();
            case ReplyEvent.Failed failed -> ServerSentEvent.builder()
                    .event("error").data(new ErrorData(failed.reason())).build();
            case ReplyEvent.Truncated truncated -> ServerSentEvent.builder()
                    .event("truncated").data(new TruncatedData(truncated.throughSeq(), TruncatedData.MESSAGE))
                    .build();
        };
    }

    record DeltaData(String text) {
    }

    /**
     * @param model  the model that wrote the reply (not the chosen one when a fallback answered)
     * @param notice something the reader should see about how the reply was made, or null
     */
    record DoneData(String finishReason, Usage usage, String model, String notice) {
    }

    record ErrorData(String reason) {
    }

    record TitleData(String title) {
    }

    /**
     * @param throughSeq the pieces through this seq are not sent (what follows is the rest after them)
     * @param message    what a client can show meanwhile
     */
    record TruncatedData(long throughSeq, String message) {

        static final String MESSAGE = "The beginning of this reply is too long to resend while it is being written; "
                + "the whole reply is shown once it is finished.";
    }

    /**
     * @param phase   {@code queued}: the request waits for the model service to pick it up
     * @param since   when the reply was requested
     * @param message what a client can show meanwhile
     */
    record WaitingData(String phase, Instant since, String message) {

        static final String QUEUED = "queued";
        static final String MESSAGE = "Waiting for the model service…";
    }
}
