package com.t3chat.llm.generation;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.EventTypes;
import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.chat.MessagePosted;
import com.t3chat.contracts.chat.PromptMessage;
import com.t3chat.contracts.chat.ReplyRequested;
import com.t3chat.contracts.llm.ChatTitleGenerated;
import com.t3chat.contracts.llm.ReplyCompleted;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyFailed;
import com.t3chat.contracts.llm.ReplyStarted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's side of the bus: publishes to {@code chat.messages.v1} as chat-service does (a question's
 * {@code MessagePosted} before the {@code ReplyRequested} that answers it, without history), and reads
 * {@code llm.replies.v1} as chat-service would, keeping each reply's records in arrival order.
 */
final class ReplyTopic implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Questions of requests made by {@link #request}, by message id, until their request is published. */
    private static final Map<UUID, MessagePosted> QUESTIONS = new ConcurrentHashMap<>();
    private static final Map<UUID, String> ASKED = new ConcurrentHashMap<>();

    private final JsonMapper json;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, List<Received>> received = new HashMap<>();
    private final Map<String, ReplyStarted> started = new HashMap<>();

    ReplyTopic(String bootstrapServers, JsonMapper json) {
        this.json = json;
        var producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        var consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "reply-it-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.LLM_REPLIES));
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }

    /**
     * Publishes an event to chat.messages.v1, keyed by its chat, with the headers the outbox relay sets. A request
     * made by {@link #request} is preceded by its question's {@link MessagePosted} the first time, as chat-service
     * writes both in one transaction.
     */
    void publish(UUID chatId, String type, IntegrationEvent event) throws Exception {
        if (event instanceof ReplyRequested request && request.history() == null) {
            MessagePosted question = QUESTIONS.remove(request.parentId());
            if (question != null) {
                ASKED.put(question.messageId(), question.content());
                send(question.chatId(), MessagePosted.TYPE, question);
            }
        }
        send(chatId, type, event);
    }

    /** Publishes any event to its own topic under its own key and type name (as {@code outbox.append(event)}). */
    void publish(IntegrationEvent event) throws Exception {
        send(EventTypes.topicOf(event), EventTypes.keyOf(event), EventTypes.nameOf(event), event);
    }

    private void send(UUID chatId, String type, IntegrationEvent event) throws Exception {
        send(Topics.CHAT_MESSAGES, chatId.toString(), type, event);
    }

    private void send(String topicName, String key, String type, IntegrationEvent event) throws Exception {
        var record = new ProducerRecord<>(topicName, key, json.writeValueAsString(event));
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_ID, event.eventId().toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** The reply's records up to its completion or failure, and any that follow within {@code linger}. */
    List<Received> awaitEnd(UUID replyId, Duration linger) {
        await(replyId, records -> !records.isEmpty() && (records.getLast().event() instanceof ReplyCompleted
                || records.getLast().event() instanceof ReplyFailed));
        long until = System.nanoTime() + linger.toNanos();
        while (System.nanoTime() < until) {
            poll();
        }
        return List.copyOf(received.get(replyId.toString()));
    }

    /** The reply's start announcement, if one was read (call after awaiting something of that reply). */
    ReplyStarted started(UUID replyId) {
        poll();
        return started.get(replyId.toString());
    }

    /** Everything read so far for the reply, without waiting. */
    List<Received> seen(UUID replyId) {
        poll();
        return List.copyOf(received.getOrDefault(replyId.toString(), List.of()));
    }

    /** The reply's records once {@code done} holds for them. */
    List<Received> await(UUID replyId, Predicate<List<Received>> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> records = received.getOrDefault(replyId.toString(), List.of());
            if (done.test(records)) {
                return List.copyOf(records);
            }
            poll();
        }
        throw new AssertionError("reply " + replyId + " did not get there; saw " + received.get(replyId.toString()));
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
            long at = System.nanoTime();
            String type = new String(record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(),
                    StandardCharsets.UTF_8);
            if (ReplyStarted.TYPE.equals(type)) { // kept apart: the other records are the reply's stream
                started.put(record.key(), json.readValue(record.value(), ReplyStarted.class));
                continue;
            }
            Class<? extends IntegrationEvent> eventClass = switch (type) {
                case ReplyDelta.TYPE -> ReplyDelta.class;
                case ReplyCompleted.TYPE -> ReplyCompleted.class;
                case ReplyFailed.TYPE -> ReplyFailed.class;
                case ChatTitleGenerated.TYPE -> ChatTitleGenerated.class;
                default -> throw new AssertionError("unexpected event type " + type);
            };
            received.computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(new Received(record.key(), json.readValue(record.value(), eventClass), at));
        }
    }

    /**
     * A request as chat-service sends it for the first message of a new chat: no history (the conversation travels
     * as events); {@link #publish} sends the question's {@link MessagePosted} before it.
     */
    static ReplyRequested request(String ownerId, String model, String question) {
        UUID chatId = UUID.randomUUID();
        UUID questionId = UUID.randomUUID();
        QUESTIONS.put(questionId, new MessagePosted(UUID.randomUUID(), Instant.now(), chatId, ownerId, questionId,
                null, question, List.of()));
        return new ReplyRequested(UUID.randomUUID(), Instant.now(), chatId, ownerId, UUID.randomUUID(), questionId,
                model, null);
    }

    /**
     * A request of a chat from before v13 (legacy path): it carries the branch itself, a system prompt and the user's
     * question.
     */
    static ReplyRequested legacyRequest(String ownerId, String model, String question) {
        var history = List.of(new PromptMessage(PromptMessage.SYSTEM, "You are a helpful assistant."),
                new PromptMessage(PromptMessage.USER, question));
        return new ReplyRequested(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), ownerId, UUID.randomUUID(),
                UUID.randomUUID(), model, history);
    }

    /** The question a request made by {@link #request} or {@link #legacyRequest} answers. */
    static String question(ReplyRequested request) {
        if (request.history() != null) {
            return request.history().getLast().content();
        }
        MessagePosted posted = QUESTIONS.get(request.parentId());
        return posted != null ? posted.content() : ASKED.get(request.parentId());
    }

    static List<ReplyDelta> deltas(List<Received> records) {
        return records.stream().map(Received::event).filter(ReplyDelta.class::isInstance)
                .map(ReplyDelta.class::cast).toList();
    }

    static String concat(List<ReplyDelta> deltas) {
        return deltas.stream().map(ReplyDelta::text).reduce("", String::concat);
    }

    /** 1, 2, …, n: the seqs of n deltas without gaps. */
    static List<Long> sequence(int n) {
        List<Long> seqs = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            seqs.add(i);
        }
        return seqs;
    }

    /** A record of llm.replies.v1 and when it was read ({@link System#nanoTime()}). */
    record Received(String key, IntegrationEvent event, long at) {
    }
}
