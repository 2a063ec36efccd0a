package com.t3chat.embedding.job;

import com.t3chat.embedding.pipeline.Attachment;
import java.util.UUID;

/**
 * A job this instance holds: only the holder of {@code claimToken} may report its progress or finish it.
 *
 * @param attempts claims so far, this one included
 */
record ClaimedJob(Attachment attachment, UUID claimToken, int attempts) {

    UUID id() {
        return attachment.id();
    }
}
