package com.t3chat.attachment.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.attachment.RunningService;
import com.t3chat.attachment.SampleFiles;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Kafka is not needed to accept a file: the outbox sends its event when the broker is back. */
class BrokerOutageIT extends RunningService {

    @Test
    void anUploadWhileTheBrokerIsDownSucceedsAndIsAnnouncedWhenItIsBack() {
        String alice = person("alice");
        String id;
        long took;
        infra.stopKafka();
        try {
            long start = System.nanoTime();
            id = id(uploaded(alice, "offline.md", SampleFiles.text("# Written while Kafka was down\n")));
            took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat(stored("files/" + id)).isTrue();
        } finally {
            infra.startKafka();
        }
        assertThat(took).as("ms for the upload with the broker down").isLessThan(5_000);
        var event = awaitEvent(Topics.ATTACHMENT_ATTACHMENTS, AttachmentUploaded.TYPE, id, Duration.ofSeconds(60));
        assertThat(json(event.value())).containsEntry("attachmentId", id).containsEntry("mediaType", "text/markdown");
    }
}
