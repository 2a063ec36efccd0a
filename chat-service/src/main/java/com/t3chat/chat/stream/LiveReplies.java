package com.t3chat.chat.stream;

import com.t3chat.contracts.llm.ReplyDelta;
import com.t3chat.contracts.llm.ReplyStarted;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The replies this replica knows of (ADR 0025). Of every pending reply on the topic it keeps only a
 * {@link ReplyProgress}; a {@link ReplyBuffer} with the reply's text exists only while someone may resume it: while
 * a subscriber is attached, for {@code resume-window} after the last one left, and for {@code expect-window} after
 * {@link #expect} (a reply just posted here). A subscriber of a reply with no buffer here gets one at once, filled
 * from the topic ({@link ReplyRebuild}) while live events already arrive, so that none is lost between the two. The
 * buffers of a replica hold at most {@code max-buffers-bytes}: beyond it unwatched buffers go, least recently used
 * first. An ended reply's buffer goes once its end is stored; its progress stays {@code ended-tombstone} longer so
 * that a subscriber who read it as pending a moment before is sent to the stored reply.
 */
@Component
class LiveReplies {

    private static final Logger log = LoggerFactory.getLogger(LiveReplies.class);
    private static final long ABANDONED_NANOS = Duration.ofHours(1).toNanos();
    private static final long EVICTION_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int ATTACH_ATTEMPTS = 3;

    private final Map<UUID, ReplyProgress> progress = new ConcurrentHashMap<>();
    private final Map<UUID, ReplyBuffer> buffers = new ConcurrentHashMap<>();
    private final AtomicLong bufferBytes = new AtomicLong();
    private final AtomicBoolean evicting = new AtomicBoolean();
    private volatile long nothingToEvictAt = System.nanoTime() - EVICTION_PAUSE_NANOS;
    private final Object opening = new Object();
    private final StreamProperties properties;
    private final ReplyRebuild rebuild;

    LiveReplies(StreamProperties properties, ReplyRebuild rebuild, MeterRegistry meters) {
        this.properties = properties;
        this.rebuild = rebuild;
        Gauge.builder("t3chat.streams.buffers", buffers, Map::size)
                .description("Reply buffers kept for subscribers on this replica").register(meters);
        Gauge.builder("t3chat.streams.buffer.bytes", bufferBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of the reply buffers kept on this replica").register(meters);
    }

    ReplyProgress progress(UUID replyId) {
        return progress.computeIfAbsent(replyId, id -> new ReplyProgress());
    }

    Optional<ReplyProgress> findProgress(UUID replyId) {
        return Optional.ofNullable(progress.get(replyId));
    }

    Optional<ReplyBuffer> buffer(UUID replyId) {
        return Optional.ofNullable(buffers.get(replyId));
    }

    /** A reply was requested: this replica knows it from its start (no rebuild needed for a subscriber). */
    void requested(UUID replyId) {
        progress(replyId);
    }

    /** Keeps a buffer for a reply just requested here, before any of its events can arrive. */
    void expect(UUID replyId) {
        synchronized (opening) {
            if (progress(replyId).ended()) {
                return;
            }
            buffers.computeIfAbsent(replyId, this::newBuffer)
                    .keepUntil(System.nanoTime() + properties.expectWindow().toNanos());
        }
    }

    /**
     * The events of a pending reply after {@code afterSeq} for one subscriber, from this replica's buffer (made, and
     * filled from the topic, if there is none); empty if the reply has ended meanwhile (read the stored reply).
     */
    Optional<Flux<ReplyEvent>> follow(UUID replyId, Instant createdAt, long afterSeq) {
        for (int attempt = 0; attempt < ATTACH_ATTEMPTS; attempt++) {
            ReplyBuffer buffer;
            boolean rebuildIt = false;
            synchronized (opening) {
                ReplyProgress known = progress.get(replyId);
                if (known != null && known.ended()) {
                    return Optional.empty();
                }
                buffer = buffers.get(replyId);
                if (buffer == null) {
                    buffer = newBuffer(replyId);
                    buffers.put(replyId, buffer);
                    // with no record of it, or with deltas it saw before this buffer, this replica lacks its text
                    rebuildIt = known == null || known.lastSeq() > 0 || known.gap();
                    if (known != null && known.claimed()) {
                        buffer.onStarted(); // before anyone is attached: a fresh subscriber is told it started
                    }
                }
            }
            Flux<ReplyEvent> events = buffer.attach(afterSeq);
            if (rebuildIt) {
                fill(buffer, createdAt);
            }
            if (events != null) {
                return Optional.of(events);
            }
            buffers.remove(replyId, buffer);
        }
        throw new IllegalStateException("no buffer of reply " + replyId + " stayed long enough to attach to");
    }

    private void fill(ReplyBuffer buffer, Instant createdAt) {
        rebuild.events(buffer.replyId(), createdAt).subscribe(event -> {
            switch (event) {
                case ReplyDelta delta -> buffer.onDelta(delta.seq(), delta.text(), delta.reasoning());
                case ReplyStarted started -> buffer.onStarted();
                default -> {
                }
            }
            afterGrowth();
        }, error -> log.warn("Reply {} could not be read back from the topic: {}", buffer.replyId(),
                error.toString()));
    }

    void onDelta(UUID replyId, long seq, String text, String thinking) {
        progress(replyId).onDelta(seq, text, thinking);
        ReplyBuffer buffer = buffers.get(replyId);
        if (buffer != null) {
            buffer.onDelta(seq, text, thinking);
            afterGrowth();
        }
    }

    void onStarted(UUID replyId) {
        progress(replyId).onStarted();
        buffer(replyId).ifPresent(ReplyBuffer::onStarted);
    }

    void onEnding(UUID replyId) {
        progress(replyId).onEnding();
    }

    void onEvent(UUID replyId, ReplyEvent event) {
        buffer(replyId).ifPresent(buffer -> buffer.onEvent(event));
    }

    /** The reply's end is stored: its subscribers get the end, its buffer goes, a tombstone stays. */
    void end(UUID replyId, ReplyEvent terminal, String fullText, String fullReasoning, long lastSeq) {
        end(replyId, terminal, fullText, fullReasoning, lastSeq, List.of());
    }

    /** As {@link #end(UUID, ReplyEvent, String, String, long)}, sending {@code beforeEnd} after the text, before the end. */
    void end(UUID replyId, ReplyEvent terminal, String fullText, String fullReasoning, long lastSeq,
            List<ReplyEvent> beforeEnd) {
        ReplyBuffer buffer;
        synchronized (opening) {
            progress(replyId).onEnded();
            buffer = buffers.remove(replyId);
        }
        if (buffer != null) {
            buffer.end(terminal, fullText, fullReasoning, lastSeq, beforeEnd);
        }
    }

    /** Over the replica's bound: drops unwatched buffers, least recently used first. */
    private void afterGrowth() {
        long max = properties.maxBuffersBytes().toBytes();
        if (bufferBytes.get() <= max || System.nanoTime() - nothingToEvictAt < EVICTION_PAUSE_NANOS
                || !evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            List<ReplyBuffer> unwatched = buffers.values().stream().filter(ReplyBuffer::unwatched)
                    .sorted(Comparator.comparingLong(ReplyBuffer::lastUsedNanos)).toList();
            int dropped = 0;
            for (ReplyBuffer buffer : unwatched) {
                if (bufferBytes.get() <= max) {
                    break;
                }
                if (buffer.evictIfUnwatched()) {
                    buffers.remove(buffer.replyId(), buffer);
                    dropped++;
                }
            }
            if (bufferBytes.get() > max) {
                nothingToEvictAt = System.nanoTime();
                log.warn("Reply buffers hold {} bytes, over max-buffers-bytes ({}), all of them watched",
                        bufferBytes.get(), max);
            } else {
                log.info("Dropped {} unwatched reply buffers to stay within max-buffers-bytes ({})", dropped, max);
            }
        } finally {
            evicting.set(false);
        }
    }

    @Scheduled(fixedDelayString = "${t3chat.streams.eviction-interval:5s}")
    void evictOld() {
        long tombstone = properties.endedTombstone().toNanos();
        progress.values().removeIf(reply -> reply.ended() ? reply.idleNanos() > tombstone
                : reply.idleNanos() > ABANDONED_NANOS);
        long window = properties.resumeWindow().toNanos();
        buffers.values().removeIf(buffer -> buffer.idle(window) && buffer.evictIfUnwatched());
    }

    /** Buffers kept now. */
    int buffers() {
        return buffers.size();
    }

    /** Bytes the buffers hold now. */
    long bufferBytes() {
        return bufferBytes.get();
    }

    /** Pending replies (and tombstones) known now. */
    int known() {
        return progress.size();
    }

    private ReplyBuffer newBuffer(UUID replyId) {
        return new ReplyBuffer(replyId, properties.maxBufferBytes().toBytes(), bufferBytes);
    }
}
