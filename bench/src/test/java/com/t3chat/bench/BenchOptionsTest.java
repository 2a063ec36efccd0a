package com.t3chat.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void quickRunsSmallerCountsAndPhasesCanBeChosen() {
        BenchOptions full = BenchOptions.parse();
        BenchOptions quick = BenchOptions.parse("--quick", "--phases=gateway,ttft");

        assertThat(full.phases()).containsExactlyElementsOf(BenchOptions.PHASES);
        assertThat(full.users()).isEqualTo(1300);
        assertThat(quick.users()).isLessThan(full.users());
        assertThat(quick.phases()).containsExactly("gateway", "ttft");
        assertThat(full.jfr()).isFalse();
        assertThat(full.nmt()).isFalse();
        assertThat(full.openStreams()).isEqualTo(1000);
        assertThat(quick.openStreams()).isEqualTo(200);
        // the stream users and the samples' other users are all distinct bench users
        assertThat(quick.users()).isGreaterThanOrEqualTo(quick.openStreams() + quick.openSamples());
        assertThat(full.users()).isGreaterThanOrEqualTo(full.openStreams() + full.openSamples());
        assertThatThrownBy(() -> BenchOptions.parse("--phases=speed")).hasMessageContaining("unknown phase");
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).hasMessageContaining("unknown option");
    }

    @Test
    void openStreamsRunsAfterThroughputAndBeforeRssAndJfrAndNmtAreOptions() {
        assertThat(BenchOptions.PHASES).containsSubsequence("throughput", "open-streams", "rss");
        assertThat(BenchOptions.PHASES.getLast()).isEqualTo("rss");

        BenchOptions options = BenchOptions.parse("--jfr", "--nmt", "--phases=open-streams");

        assertThat(options.jfr()).isTrue();
        assertThat(options.nmt()).isTrue();
        assertThat(options.phases()).containsExactly("open-streams");
        assertThat(BenchOptions.USAGE).contains("--jfr", "--nmt", "open-streams");
    }

    @Test
    void serverSentEventsAreReadAsABrowserReadsThem() throws Exception {
        String body = ": heartbeat\n\nevent: posted\ndata: {\"a\":1}\n\nid: 1\nevent: delta\ndata: w1\ndata: w2\n\n"
                + "data: plain\n\n";
        try (Sse events = new Sse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(events.next()).isEqualTo(new Sse.Event(null, "posted", "{\"a\":1}"));
            assertThat(events.next()).isEqualTo(new Sse.Event("1", "delta", "w1\nw2"));
            assertThat(events.next()).isEqualTo(new Sse.Event(null, "message", "plain"));
            assertThat(events.next()).isNull();
        }
    }
}
