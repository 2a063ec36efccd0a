package com.t3chat.chat.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The replies this replica holds in memory: those in flight, and those that ended a moment ago. */
@Component
class LiveReplies {

    private static final long ABANDONED_NANOS = Duration.ofHours(1).toNanos();

    private final Map<UUID, LiveReply> replies = new ConcurrentHashMap<>();
    private final StreamProperties properties;

    LiveReplies(StreamProperties properties) {
        this.properties = properties;
    }

    LiveReply get(UUID replyId) {
        return replies.computeIfAbsent(replyId, LiveReply::new);
    }

    Optional<LiveReply> find(UUID replyId) {
        return Optional.ofNullable(replies.get(replyId));
    }

    @Scheduled(fixedDelayString = "${t3chat.streams.eviction-interval:30s}")
    void evictOld() {
        long retention = properties.endedTombstone().toNanos();
        replies.values().removeIf(reply -> reply.ended() ? reply.idleNanos() > retention
                : reply.idleNanos() > ABANDONED_NANOS);
    }

    int size() {
        return replies.size();
    }
}
