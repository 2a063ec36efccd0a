package com.t3chat.embedding.job;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.platform.kafka.EventRecords;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What embedding-worker consumes from attachment-service. The listener only records a job (or a deletion) and
 * returns: the work happens on the job runner's threads, so a long file never holds up the partition or makes the
 * consumer group rebalance. A record that cannot be handled is retried and then sent to the DLT (platform).
 */
@Component
class AttachmentListener {

    private static final Duration HANDLING_TIMEOUT = Duration.ofSeconds(30);

    private final AttachmentJobs jobs;
    private final JobRunner runner;
    private final JsonMapper json;

    AttachmentListener(AttachmentJobs jobs, JobRunner runner, JsonMapper json) {
        this.jobs = jobs;
        this.runner = runner;
        this.json = json;
    }

    @KafkaListener(topics = Topics.ATTACHMENT_ATTACHMENTS)
    void dispatch(ConsumerRecord<String, String> record) {
        switch (EventRecords.eventType(record)) {
            case AttachmentUploaded.TYPE -> on(json.readValue(record.value(), AttachmentUploaded.class));
            case AttachmentDeleted.TYPE -> on(json.readValue(record.value(), AttachmentDeleted.class));
            default -> {
                // other attachment events are not ours to handle
            }
        }
    }

    void on(AttachmentUploaded event) {
        if (Boolean.TRUE.equals(jobs.enqueue(event).block(HANDLING_TIMEOUT))) {
            runner.wakeUp();
        }
    }

    void on(AttachmentDeleted event) {
        jobs.forget(event).block(HANDLING_TIMEOUT);
        runner.cancel(event.attachmentId());
    }
}
