package com.t3chat.llm.generation;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.ChatBranched;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.chat.ReplyAbandoned;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.chat.ReplyStopRequested;
import com.t3chat.llm.conversation.Conversations;
import com.t3chat.platform.kafka.EventRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reply generation consumes: {@code chat.messages.v1} carries the conversation (messages posted, branches),
 * requests, stops and abandons, told apart by the {@code event-type} header. One listener (one consumer) for all, so
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
 */
@Component
class ReplyListener {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
    /** Chats of one poll handled at once (each chat's records stay in order). */
    static final int CHATS_AT_ONCE = 64;
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);

    private final ReplyGenerations generations;
    private final Conversations conversations;
    private final JsonMapper json;

    ReplyListener(ReplyGenerations generations, Conversations conversations, JsonMapper json) {
        this.generations = generations;
        this.conversations = conversations;
        this.json = json;
    }

    @KafkaListener(topics = Topics.CHAT_MESSAGES, batch = "true")
    void dispatch(List<ConsumerRecord<String, String>> records) {
        Set<UUID> ended = endedIn(records);
        Map<Integer, RuntimeException> failed = new ConcurrentSkipListMap<>();
        Flux.fromIterable(byChat(records))
                .flatMap(indices -> Flux.fromIterable(indices)
                        .concatMap(i -> handle(records.get(i), ended)
                                .onErrorMap(RuntimeException.class, e -> new RecordFailed(i, e)))
                        .onErrorResume(RecordFailed.class, e -> {
                            failed.put(e.index, e.cause);
                            return Mono.empty(); // this chat stops here; the others go on
                        }), CHATS_AT_ONCE)
                .then()
                .block(POLL_TIMEOUT);
        failed.entrySet().stream().findFirst().ifPresent(first -> {
            ConsumerRecord<String, String> record = records.get(first.getKey());
            throw new BatchListenerFailedException("Record " + record.offset() + " of " + record.topic() + "-"
                    + record.partition() + " failed", first.getValue(), first.getKey());
        });
    }

    /** One record, by its type: the one place that reads the {@code event-type} header here. */
    private Mono<Void> handle(ConsumerRecord<String, String> record, Set<UUID> endedLaterInThisPoll) {
        return Mono.defer(() -> switch (EventRecords.eventType(record)) {
            case MessagePosted.TYPE -> on(read(record, MessagePosted.class));
            case ChatBranched.TYPE -> on(read(record, ChatBranched.class));
            case ReplyRequested.TYPE -> on(read(record, ReplyRequested.class), endedLaterInThisPoll);
            case ReplyStopRequested.TYPE -> on(read(record, ReplyStopRequested.class));
            case ReplyAbandoned.TYPE -> on(read(record, ReplyAbandoned.class));
            default -> Mono.empty();
        });
    }

    Mono<Void> on(MessagePosted event) {
        return conversations.record(event);
    }

    Mono<Void> on(ChatBranched event) {
        return conversations.copy(event);
    }

    /** The reply's turn is stored even if it is not started, so that what follows it stays chained. */
    Mono<Void> on(ReplyRequested event, Set<UUID> endedLaterInThisPoll) {
        return conversations.record(event).then(Mono.defer(() -> {
            if (endedLaterInThisPoll.contains(event.replyId())) {
                log.info("Reply {} was stopped or abandoned before it was started: not generated", event.replyId());
                return Mono.empty();
            }
            return generations.start(event);
        }));
    }

    Mono<Void> on(ReplyStopRequested event) {
        return Mono.fromRunnable(() -> generations.stop(event.replyId()));
    }

    Mono<Void> on(ReplyAbandoned event) {
        return Mono.fromRunnable(() -> generations.stop(event.replyId()));
    }

    private <T> T read(ConsumerRecord<String, String> record, Class<T> type) {
        return json.readValue(record.value(), type);
    }

    /** The poll's record indices per chat (record key), each list in offset order. */
    private static List<List<Integer>> byChat(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Integer>> chats = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).key();
            chats.computeIfAbsent(key == null ? "" : key, k -> new ArrayList<>()).add(i);
        }
        return List.copyOf(chats.values());
    }

    /** The replies a stop or an abandon in these records names (unreadable records fail in their place later). */
    private Set<UUID> endedIn(List<ConsumerRecord<String, String>> records) {
        Set<UUID> ended = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                switch (EventRecords.eventType(record)) {
                    case ReplyStopRequested.TYPE -> ended.add(read(record, ReplyStopRequested.class).replyId());
                    case ReplyAbandoned.TYPE -> ended.add(read(record, ReplyAbandoned.class).replyId());
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                // handled in its place, where it fails
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
