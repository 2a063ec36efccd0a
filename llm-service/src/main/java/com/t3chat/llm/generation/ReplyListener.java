package com.t3chat.llm.generation;

import com.t3chat.contracts.EventTypes;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.llm.conversation.Conversations;
import com.t3chat.platform.kafka.UnknownEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What reply generation consumes: {@code chat.messages.v1} carries the conversation (messages posted, branches),
 * requests, stops and abandons, typed by the {@code event-type} header (platform's {@code EventMessageConverter}). One listener (one consumer) for all, so
 * that a chat's message, its request and its stop reach the instance that runs it, in order; other types on the topic
 * are not for us.
 *
 * <p>It takes a whole poll at a time: the poll's records are grouped by chat (the record key), chats are handled
 * concurrently and each chat's records one after the other in offset order (a message is stored before the request
 * that answers it, a request is started before its stop), and the listener waits once for the whole poll. It looks
 * ahead in the poll: a request whose reply is stopped or abandoned later in the same poll is never started. After an
 * outage the backlog arrives in a few large polls, so a reply that its user stopped (or that chat-service gave up on)
 * while it waited is not generated and not charged. If records fail, the first failed one (in offset order) is
 * retried from its own position and then sent to the DLT, as with a record listener; the records after it that
 * succeeded are handled again, which every handler tolerates (each is idempotent).
 *
 * <p>Why it waits for the poll on the listener thread instead of returning the poll's {@link Mono} like the other
 * listeners: in spring-kafka 4.0.8 an asynchronous return keeps the error handling of a <em>record</em> listener only.
 * The container hands a failed {@code Mono} of a record listener back to its error handler (retries, then the DLT);
 * for a batch listener {@code MessagingMessageListenerAdapter.asyncFailure} acknowledges the whole poll and logs the
 * error (the failure callback is set on {@code RecordMessagingMessageListenerAdapter} only), so a failed record would
 * be committed as if handled, and a {@link BatchListenerFailedException} could not name it. Nothing else waits here:
 * each handler is non-blocking (the database through R2DBC, the model started on other threads, and a start's
 * admission bookkeeping not waited for), so the wait is as long as the poll's slowest chat takes to be recorded and
 * claimed.
 */
@Component
class ReplyListener {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
    /** Chats of one poll handled at once (each chat's records stay in order). */
    static final int CHATS_AT_ONCE = 64;
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);

    private final ReplyGenerations generations;
    private final Conversations conversations;

    ReplyListener(ReplyGenerations generations, Conversations conversations) {
        this.generations = generations;
        this.conversations = conversations;
    }

    /**
     * @param events the poll's events in offset order, typed by their {@code event-type} header; an element is null
     *               where a record could not be read (it fails in its place), an {@link UnknownEvent} where the type
     *               is one this version does not know
     */
    @KafkaListener(topics = Topics.CHAT_MESSAGES, batch = "true")
    void dispatch(List<IntegrationEvent> events) {
        Set<UUID> ended = endedIn(events);
        Map<Integer, RuntimeException> failed = new ConcurrentSkipListMap<>();
        Flux.fromIterable(byChat(events))
                .flatMap(indices -> Flux.fromIterable(indices)
                        .concatMap(i -> handle(events.get(i), ended)
                                .onErrorMap(RuntimeException.class, e -> new RecordFailed(i, e)))
                        .onErrorResume(RecordFailed.class, e -> {
                            failed.put(e.index, e.cause);
                            return Mono.empty(); // this chat stops here; the others go on
                        }), CHATS_AT_ONCE)
                .then()
                .block(POLL_TIMEOUT);
        failed.entrySet().stream().findFirst().ifPresent(first -> {
            throw new BatchListenerFailedException("Record " + first.getKey() + " of the poll failed",
                    first.getValue(), first.getKey());
        });
    }

    /** One event, by its type. */
    private Mono<Void> handle(IntegrationEvent event, Set<UUID> endedLaterInThisPoll) {
        return Mono.defer(() -> switch (event) {
            case null -> Mono.error(new IllegalArgumentException("The record could not be read as an event"));
            case MessagePosted posted -> conversations.record(posted);
            case ChatBranched branched -> conversations.copy(branched);
            case ReplyRequested requested -> on(requested, endedLaterInThisPoll);
            case ReplyStopRequested stop -> Mono.fromRunnable(() -> generations.stop(stop.replyId()));
            case ReplyAbandoned abandoned -> Mono.fromRunnable(() -> generations.stop(abandoned.replyId()));
            default -> Mono.empty(); // other types on the topic are not ours
        });
    }

    /** The reply's turn is stored even if it is not started, so that what follows it stays chained. */
    private Mono<Void> on(ReplyRequested event, Set<UUID> endedLaterInThisPoll) {
        return conversations.record(event).then(Mono.defer(() -> {
            if (endedLaterInThisPoll.contains(event.replyId())) {
                log.info("Reply {} was stopped or abandoned before it was started: not generated", event.replyId());
                return Mono.empty();
            }
            return generations.start(event);
        }));
    }

    /** The poll's indices per chat (the record key), each list in offset order. */
    private static List<List<Integer>> byChat(List<IntegrationEvent> events) {
        Map<String, List<Integer>> chats = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            IntegrationEvent event = events.get(i);
            String key = event == null || event instanceof UnknownEvent ? "" : EventTypes.keyOf(event);
            chats.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return List.copyOf(chats.values());
    }

    /** The replies a stop or an abandon in this poll names. */
    private static Set<UUID> endedIn(List<IntegrationEvent> events) {
        Set<UUID> ended = new HashSet<>();
        for (IntegrationEvent event : events) {
            switch (event) {
                case ReplyStopRequested stop -> ended.add(stop.replyId());
                case ReplyAbandoned abandoned -> ended.add(abandoned.replyId());
                case null, default -> {
                }
            }
        }
        return ended;
    }

    /** A record's failure, with its index in the poll. */
    private static final class RecordFailed extends RuntimeException {

        private final int index;
        private final RuntimeException cause;

        RecordFailed(int index, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.index = index;
            this.cause = cause;
        }
    }
}
