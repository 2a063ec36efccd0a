package com.t3chat.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * Counts the records llm-service writes per reply on {@code llm.replies.v1} (keyed by the reply id: started,
 * deltas, completion), from the end of the topic when it starts, and the output tokens each completion reports. Its
 * own consumer, assigned every partition (no group), on a thread of its own until closed.
 */
final class RecordCounter implements AutoCloseable {

    private static final String TOPIC = "llm.replies.v1";

    private final Map<String, AtomicLong> records = new ConcurrentHashMap<>();
    private final Map<String, Long> outputTokens = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    RecordCounter(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // the end is fixed now, before anything is posted
        poller = Thread.ofPlatform().name("bench-record-counter").start(this::poll);
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() == null) {
                    continue;
                }
                records.computeIfAbsent(record.key(), k -> new AtomicLong()).incrementAndGet();
                Header type = record.headers().lastHeader("event-type");
                if (type != null && "ReplyCompleted".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                    JsonNode usage = ChatApi.JSON.readTree(record.value()).path("usage");
                    outputTokens.put(record.key(), usage.path("outputTokens").asLong());
                }
            }
        }
        consumer.close();
    }

    /** Records seen for this reply so far. */
    long recordsOf(String replyId) {
        AtomicLong count = records.get(replyId);
        return count == null ? 0 : count.get();
    }

    /** The output tokens its completion reported, or -1 if no completion was seen yet. */
    long outputTokensOf(String replyId) {
        return outputTokens.getOrDefault(replyId, -1L);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join();
    }
}
