package com.t3chat.attachment.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.t3chat.attachment.RunningService;
import com.t3chat.attachment.SampleFiles;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The sweeper runs every second here and removes objects without a row once they are two seconds old. */
class OrphanSweeperIT extends RunningService {

    @Autowired
    DatabaseClient db;

    @Test
    void objectsThatNeverGotARowAreRemovedAndOthersStay() {
        String alice = person("alice");
        String kept = "files/" + id(uploaded(alice, "kept.txt", SampleFiles.text("keep me")));
        String orphan = "files/" + UUID.randomUUID();
        String orphanPreview = "previews/" + UUID.randomUUID() + ".png";
        String notOurs = "files/left-by-hand.bin";
        store(orphan, SampleFiles.text("a crash between the object and the row"), "text/plain");
        store(orphanPreview, SampleFiles.png(), "image/png");
        store(notOurs, SampleFiles.text("no attachment has this name"), "application/octet-stream");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> !stored(orphan) && !stored(orphanPreview) && !stored(notOurs));
        assertThat(stored(kept)).isTrue();
        // well past the grace period, the file with a row is still there
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> stored(kept));
    }

    @Test
    void aRemovalTheStoreRefusedIsRetriedUntilItIsDone() {
        // what a delete leaves when the store was down right after the commit: the removal, recorded
        String key = "retries/" + UUID.randomUUID();
        store(key, SampleFiles.text("should have gone with its row"), "text/plain");
        db.sql("insert into object_removal (object_key, attempts, failure) values (:key, 1, 'ConnectException')")
                .bind("key", key)
                .then().block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> !stored(key));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.sql("select count(*) as n from object_removal "
                        + "where object_key = :key").bind("key", key)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10)) == 0L);
    }
}
