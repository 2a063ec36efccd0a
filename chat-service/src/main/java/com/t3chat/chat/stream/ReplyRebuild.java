package com.t3chat.chat.stream;

import com.t3chat.contracts.EventHeaders;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyStarted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pending reply's events read back from the reply topic, for a replica that holds no buffer of it (a page reload
 * on another replica, or after the resume window): only the reply's partition (the producer's: murmur2 of the key, the
 * reply id), from a second before the reply was created up to the end offset taken at the start, with a short-lived
 * consumer of its own (assigned, no group commits), keeping only that reply's starts and deltas; what comes after
 * arrives live. A rare path whose cost grows with the partition's traffic since the reply started: counted as
 * {@code t3chat.streams.rebuilds}. The consumer's calls block, so they run on {@code boundedElastic}.
 */
@Component
class ReplyRebuild {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_READ = Duration.ofSeconds(30);
    private static final Map<String, Class<?>> WANTED = Map.of(ReplyDelta.TYPE, ReplyDelta.class,
            ReplyStarted.TYPE, ReplyStarted.class);

    private final ConsumerFactory<?, ?> consumers;
    private final JsonMapper json;
    private final Counter rebuilds;

    ReplyRebuild(ConsumerFactory<?, ?> consumers, JsonMapper json, MeterRegistry meters) {
        this.consumers = consumers;
        this.json = json;
        this.rebuilds = Counter.builder("t3chat.streams.rebuilds")
                .description("Replies read back from the reply topic for a subscriber this replica had no buffer for")
                .register(meters);
    }

    /** The reply's {@link ReplyStarted} and {@link ReplyDelta} events published so far, in order. */
    Flux<Object> events(UUID replyId, Instant createdAt) {
        return Flux.create((FluxSink<Object> sink) -> {
            rebuilds.increment();
            try (Consumer<?, ?> consumer = consumer()) {
                read(consumer, replyId, createdAt, sink);
                sink.complete();
            } catch (RuntimeException e) {
                sink.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private void read(Consumer<?, ?> consumer, UUID replyId, Instant createdAt, FluxSink<Object> sink) {
        String key = replyId.toString();
        int partitions = consumer.partitionsFor(Topics.LLM_REPLIES).size();
        TopicPartition partition = new TopicPartition(Topics.LLM_REPLIES,
                Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions);
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long since = createdAt.minusSeconds(1).toEpochMilli();
        OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(partition, since)).get(partition);
        if (from == null || from.offset() >= end) {
            return;
        }
        consumer.seek(partition, from.offset());
        long deadline = System.nanoTime() + MAX_READ.toNanos();
        while (consumer.position(partition) < end && !sink.isCancelled()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading reply " + replyId + " back took longer than " + MAX_READ);
            }
            for (ConsumerRecord<?, ?> record : consumer.poll(POLL)) {
                // records are in offset order, not time order: an older one of the same key after `from` (a replay)
                // is not this reply's
                if (record.offset() < end && key.equals(record.key()) && record.timestamp() >= since) {
                    Object event = eventOf(record);
                    if (event != null) {
                        sink.next(event);
                    }
                }
            }
        }
    }

    private Object eventOf(ConsumerRecord<?, ?> record) {
        Header type = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
        String name = type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
        Class<?> wanted = WANTED.get(name); // ends are stored and relayed live; titles are live only
        return wanted == null ? null : json.readValue(String.valueOf(record.value()), wanted);
    }

    private Consumer<?, ?> consumer() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return consumers.createConsumer(null, "chat-service-rebuild", null, overrides);
    }
}
