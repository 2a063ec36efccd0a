package com.t3chat.embedding.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.t3chat.embedding.document.FileRejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class JobContextTest {

    @Test
    void progressIsHandedOnWhileTheJobHasTime() {
        List<String> seen = new ArrayList<>();
        var context = new JobContext(Duration.ofMinutes(10), (stage, done, pages) -> seen.add(stage + done + "/" + pages));
        context.reached("ocr", 3, 12);
        assertThat(seen).containsExactly("ocr3/12");
        assertThat(context.remaining()).isPositive();
    }

    @Test
    void aJobOutOfTimeFailsWithTheTimeoutCode() {
        var context = new JobContext(Duration.ZERO, (stage, done, pages) -> {
        });
        assertThatThrownBy(() -> context.reached("extracting", 1, 2))
                .isInstanceOfSatisfying(FileRejected.class, e -> {
                    assertThat(e.code()).isEqualTo("timeout");
                    assertThat(e.reason()).isEqualTo("Processing took longer than the limit of 0 minutes.");
                });
        assertThat(new JobContext(Duration.ofMinutes(10), (s, d, p) -> {
        }).timedOut().reason()).isEqualTo("Processing took longer than the limit of 10 minutes.");
    }

    @Test
    void aCancelledJobStopsAtItsNextCheckpoint() {
        var context = new JobContext(Duration.ofMinutes(10), (stage, done, pages) -> {
        });
        context.cancel();
        assertThatThrownBy(context::check).isInstanceOf(CancellationException.class);
    }
}
