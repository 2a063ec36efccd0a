package com.t3chat.attachment.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void originalsAndPreviewsBelongToTheirAttachment() {
        UUID id = UUID.randomUUID();
        assertThat(ObjectKeys.original(id)).isEqualTo("files/" + id);
        assertThat(ObjectKeys.attachmentOf("files/" + id)).contains(id);
        assertThat(ObjectKeys.attachmentOf("previews/" + id + ".png")).contains(id);
        assertThat(ObjectKeys.attachmentOf("previews/" + id + ".jpg")).contains(id);
    }

    @Test
    void keysNoAttachmentCouldHaveMadeBelongToNone() {
        assertThat(ObjectKeys.attachmentOf("files/report.pdf")).isEmpty();
        assertThat(ObjectKeys.attachmentOf("files/" + UUID.randomUUID() + "/x")).isEmpty();
        assertThat(ObjectKeys.attachmentOf("other/" + UUID.randomUUID())).isEmpty();
        assertThat(ObjectKeys.attachmentOf("files/1-1-1-1-1")).isEmpty();
    }
}
