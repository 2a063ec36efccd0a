package com.t3chat.chat.attachment;

import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentDeleted;
import com.t3chat.platform.kafka.EventRecords;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What chat-service consumes from attachment-service: files deleted by their owners, so that messages show them as
 * deleted. One consumer group for all replicas (each deletion is recorded once, in the shared database); a new group
 * starts at the topic's beginning. A record that keeps failing goes to the dead-letter topic after the platform's
 * bounded retries. Uploads are not ours to handle.
 */
@Component
class AttachmentListener {

    private static final Duration HANDLING_TIMEOUT = Duration.ofSeconds(30);

    private final MessageAttachments attachments;
    private final JsonMapper json;

    AttachmentListener(MessageAttachments attachments, JsonMapper json) {
        this.attachments = attachments;
        this.json = json;
    }

    @KafkaListener(topics = Topics.ATTACHMENT_ATTACHMENTS, properties = "auto.offset.reset=earliest")
    void dispatch(ConsumerRecord<String, String> record) {
        if (AttachmentDeleted.TYPE.equals(EventRecords.eventType(record))) {
            on(json.readValue(record.value(), AttachmentDeleted.class));
        }
    }

    void on(AttachmentDeleted deleted) {
        attachments.on(deleted).block(HANDLING_TIMEOUT);
    }
}
