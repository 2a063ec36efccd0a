package com.t3chat.attachment.processing;

import com.t3chat.attachment.storage.ObjectRemovals;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import com.t3chat.platform.kafka.EventRecords;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What attachment-service consumes from embedding-worker: a file's progress and outcome. The database work is awaited
 * (bounded); removing an infected file's objects from the store is not — it runs on its own threads after the
 * commit, so a slow store never holds up the partition. A record that keeps failing goes to the DLT (platform).
 */
@Component
class ProcessingListener {

    private static final Duration HANDLING_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessingUpdates updates;
    private final ObjectRemovals removals;
    private final JsonMapper json;

    ProcessingListener(ProcessingUpdates updates, ObjectRemovals removals, JsonMapper json) {
        this.updates = updates;
        this.removals = removals;
        this.json = json;
    }

    @KafkaListener(topics = Topics.EMBEDDING_ATTACHMENTS)
    void dispatch(ConsumerRecord<String, String> record) {
        switch (EventRecords.eventType(record)) {
            case AttachmentProcessing.TYPE -> on(json.readValue(record.value(), AttachmentProcessing.class));
            case AttachmentProcessed.TYPE -> on(json.readValue(record.value(), AttachmentProcessed.class));
            case AttachmentFailed.TYPE -> on(json.readValue(record.value(), AttachmentFailed.class));
            default -> {
                // other embedding events are not ours to handle
            }
        }
    }

    void on(AttachmentProcessing event) {
        updates.apply(event).block(HANDLING_TIMEOUT);
    }

    void on(AttachmentProcessed event) {
        updates.apply(event).block(HANDLING_TIMEOUT);
    }

    void on(AttachmentFailed event) {
        List<String> toRemove = updates.apply(event).block(HANDLING_TIMEOUT);
        if (toRemove != null && !toRemove.isEmpty()) {
            removals.removeNow(toRemove).subscribe();
        }
    }
}
