package com.t3chat.embedding.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.contracts.embedding.AttachmentFailed;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.embedding.AttachmentTopic;
import com.t3chat.embedding.EmbeddingWorkerIT;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The scan stage against the real clamd of devstack (skipped where Debian's clamav-daemon is not installed). */
class VirusScanIT extends EmbeddingWorkerIT {

    /** The EICAR test file, kept in hex so that this source file is no test virus itself. */
    private static final byte[] EICAR = HexFormat.of().parseHex("58354f2150254041505b345c505a58353428505e2937434329"
            + "377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a");

    private static AttachmentTopic topic;

    @Autowired
    DatabaseClient db;

    @BeforeAll
    static void connect() {
        TestInfra.assumeClamd();
        topic = new AttachmentTopic(infra);
    }

    @AfterAll
    static void disconnect() {
        if (topic != null) {
            topic.close();
        }
    }

    @Test
    void theEicarFileIsRefusedByTheScanAndACleanFileIsReportedClean() throws Exception {
        AttachmentUploaded eicar = topic.upload(jwt.subject("alice"), UUID.randomUUID(), "eicar.txt", "text/plain",
                EICAR);
        AttachmentUploaded clean = topic.upload(jwt.subject("alice"), UUID.randomUUID(), "clean.txt", "text/plain",
                "Nothing to see here.".getBytes(StandardCharsets.UTF_8));

        AttachmentFailed infected = topic.awaitFailed(eicar.attachmentId());
        assertThat(infected.code()).isEqualTo("infected");
        assertThat(infected.reason()).isEqualTo("Infected: Eicar-Test-Signature.UNOFFICIAL.");
        assertThat(db.sql("select count(*) as n from chunk where attachment_id = :id").bind("id", eicar.attachmentId())
                .map(row -> row.get("n", Long.class)).one().block()).isZero();

        assertThat(topic.awaitProcessed(clean.attachmentId()).scan()).isEqualTo("clean");
    }
}
