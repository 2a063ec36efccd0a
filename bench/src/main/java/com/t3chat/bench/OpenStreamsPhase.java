package com.t3chat.bench;

import static com.t3chat.bench.Figures.fmt;
import static com.t3chat.bench.Figures.ratio;
import static com.t3chat.bench.Figures.tax;
import static com.t3chat.bench.Figures.triple;
import static com.t3chat.bench.ReplyPathBench.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * {@code open-streams}: {@code streams} long replies ({@value #STREAM_MODEL}: 2,400 tokens at 40/s, 60 s) held open
 * at once, opened at {@code perSecond}; once every one has its first delta (or after {@link #FIRST_DELTA_WAIT}),
 * {@code samples} TTFT samples of a short reply, one after the other. Run twice: through the system (each stream in
 * a chat of its own, one user each; the samples by other users, each in a new chat) and straight to the simulator.
 * Per run: streams opened / with a first delta / finished / stalled (a gap between deltas over {@link #STALL} or not
 * done within {@link ChatApi#REPLY_DEADLINE}) / failed, the gaps between deltas, the samples' TTFT, and the CPU and
 * resident memory of every process meanwhile.
 */
final class OpenStreamsPhase {

    static final String STREAM_MODEL = "sim-len2400-rate40";
    static final Duration STALL = Duration.ofSeconds(5);
    static final Duration FIRST_DELTA_WAIT = Duration.ofSeconds(30);

    /** How one run of the phase went. */
    record Run(int streams, int opened, int firstDelta, int finished, int stalled, int failed, List<String> errors,
               Latencies gaps, Latencies streamPost, Latencies streamTtft, long deltas, boolean allFirstDeltas, double openSeconds,
               double firstDeltasSeconds, Latencies samples, int samplesFailed, List<String> sampleErrors,
               int minOpenDuringSamples, int maxOpenDuringSamples, double wallSeconds, Map<String, Double> cpuMs,
               Map<String, Long> rssStartKib, Map<String, Long> rssPeakKib, Map<String, Long> rssEndKib) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("streams", streams);
            map.put("opened", opened);
            map.put("first_delta", firstDelta);
            map.put("finished", finished);
            map.put("stalled", stalled);
            map.put("failed", failed);
            map.put("errors", errors);
            map.put("inter_delta_gap", gaps.toMap());
            map.put("stream_post_answer", streamPost.toMap());
            map.put("stream_ttft", streamTtft.toMap());
            map.put("deltas", deltas);
            map.put("all_first_deltas_before_samples", allFirstDeltas);
            map.put("open_seconds", openSeconds);
            map.put("first_deltas_seconds", firstDeltasSeconds);
            map.put("sample_ttft", samples.toMap());
            map.put("samples_failed", samplesFailed);
            map.put("sample_errors", sampleErrors);
            map.put("open_during_samples", Map.of("min", minOpenDuringSamples, "max", maxOpenDuringSamples));
            map.put("wall_seconds", wallSeconds);
            map.put("cpu_ms", cpuMs);
            map.put("rss_start_kib", rssStartKib);
            map.put("rss_peak_kib", rssPeakKib);
            map.put("rss_end_kib", rssEndKib);
            return map;
        }
    }

    private final ExecutorService threads;
    private final Map<String, Long> pids;
    private final Supplier<Map<String, Long>> rss;
    private final int streams;
    private final int samples;
    private final int perSecond;

    /**
     * @param threads a virtual thread per task: one per stream
     * @param pids    the processes whose CPU is measured (the harness's own is added apart)
     * @param rss     resident memory of every process now
     */
    OpenStreamsPhase(ExecutorService threads, Map<String, Long> pids, Supplier<Map<String, Long>> rss, int streams,
                     int samples, int perSecond) {
        this.threads = threads;
        this.pids = pids;
        this.rss = rss;
        this.streams = streams;
        this.samples = samples;
        this.perSecond = perSecond;
    }

    int streams() {
        return streams;
    }

    int samples() {
        return samples;
    }

    int perSecond() {
        return perSecond;
    }

    /**
     * One run: {@code stream.apply(i, progress)} opens and reads stream {@code i} to its end on a thread of its own
     * (reporting to {@code progress}); {@code sample.apply(j)} is TTFT sample {@code j}, taken one after the other
     * while the streams are open.
     */
    Run run(BiFunction<Integer, StreamProgress, ChatApi.Reply> stream, IntFunction<ChatApi.Reply> sample)
            throws Exception {
        Latencies gaps = new Latencies();
        CountDownLatch firstDeltas = new CountDownLatch(streams);
        AtomicInteger open = new AtomicInteger();
        List<StreamProgress> progress = new ArrayList<>();
        List<Future<ChatApi.Reply>> replies = new ArrayList<>();
        Map<String, Long> rssStart = rss.get();
        Map<String, Long> peaks = new ConcurrentHashMap<>(rssStart);
        AtomicInteger sampling = new AtomicInteger(1);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get() == 1) {
                rss.get().forEach((part, kib) -> peaks.merge(part, kib, Math::max));
                LockSupport.parkNanos(1_000_000_000L);
            }
        });
        Map<String, Double> cpuBefore = ProcessCpu.snapshot(pids, ProcessCpu.WITH_CHILDREN);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        for (int i = 0; i < streams; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            StreamProgress p = new StreamProgress(gaps, firstDeltas);
            progress.add(p);
            int index = i;
            replies.add(threads.submit(() -> {
                open.incrementAndGet();
                try {
                    return stream.apply(index, p);
                } finally {
                    open.decrementAndGet();
                }
            }));
        }
        double openSeconds = seconds(System.nanoTime() - start);
        boolean all = firstDeltas.await(FIRST_DELTA_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        double firstDeltasSeconds = seconds(System.nanoTime() - start);
        log(streams + " streams opened in " + fmt(openSeconds) + " s; " + (streams - firstDeltas.getCount())
                + " with a first delta after " + fmt(firstDeltasSeconds) + " s; " + samples + " TTFT samples");

        Latencies sampleTtft = new Latencies();
        int samplesFailed = 0;
        List<String> sampleErrors = new ArrayList<>();
        int minOpen = Integer.MAX_VALUE;
        int maxOpen = 0;
        for (int j = 0; j < samples; j++) {
            int now = open.get();
            minOpen = Math.min(minOpen, now);
            maxOpen = Math.max(maxOpen, now);
            ChatApi.Reply reply = sample.apply(j);
            if (reply.ok()) {
                sampleTtft.recordNanos(reply.ttftNanos());
            } else {
                samplesFailed++;
                if (sampleErrors.size() < 5) {
                    sampleErrors.add(reply.error());
                }
            }
        }
        log("samples taken; waiting for the streams to end");

        int opened = 0;
        int firstDelta = 0;
        int finished = 0;
        int stalled = 0;
        int failed = 0;
        long deltas = 0;
        List<String> errors = new ArrayList<>();
        Latencies streamTtft = new Latencies();
        Latencies streamPost = new Latencies();
        for (int i = 0; i < streams; i++) {
            ChatApi.Reply reply = replies.get(i).get(); // each ends within its read deadline
            StreamProgress p = progress.get(i);
            boolean timedOut = !reply.completed() && reply.error() != null && reply.error().startsWith("timed out");
            opened += p.isOpened() ? 1 : 0;
            firstDelta += p.deltas() > 0 ? 1 : 0;
            finished += reply.completed() ? 1 : 0;
            deltas += p.deltas();
            if (p.maxGapNanos() > STALL.toNanos() || timedOut) {
                stalled++;
            } else if (!reply.completed()) {
                failed++;
            }
            if (!reply.completed() && errors.size() < 5) {
                errors.add(reply.error());
            }
            if (reply.ttftNanos() >= 0) {
                streamTtft.recordNanos(reply.ttftNanos());
            }
            if (reply.postNanos() >= 0) {
                streamPost.recordNanos(reply.postNanos());
            }
        }
        long wall = System.nanoTime() - start;
        Map<String, Double> cpuAfter = ProcessCpu.snapshot(pids, ProcessCpu.WITH_CHILDREN);
        sampling.set(0);
        sampler.join();
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuAfter.forEach((part, ms) -> cpu.put(part, ms - cpuBefore.getOrDefault(part, 0.0)));
        return new Run(streams, opened, firstDelta, finished, stalled, failed, errors, gaps, streamPost, streamTtft, deltas, all,
                openSeconds, firstDeltasSeconds, sampleTtft, samplesFailed, sampleErrors,
                minOpen == Integer.MAX_VALUE ? 0 : minOpen, maxOpen, seconds(wall), cpu, rssStart, Map.copyOf(peaks),
                rss.get());
    }

    /** The summary.md section: the streams, their gaps, the samples' TTFT (system against direct), processes. */
    List<String> summary(Run system, Run direct, String sampleModel) {
        List<String> lines = new ArrayList<>();
        lines.add("## " + streams + " streams open at once (" + STREAM_MODEL + ": 2,400 tokens at 40/s, ~60 s; opened"
                + " at " + perSecond + "/s, each in a chat of its own, one user each) and TTFT beside them");
        lines.add("");
        lines.add("| streams | opened | first delta | finished | stalled | failed | opened in / all first deltas after |");
        lines.add("|---|---|---|---|---|---|---|");
        for (Run run : List.of(system, direct)) {
            lines.add("| " + (run == system ? "system" : "direct") + " | " + run.opened() + " / " + run.streams()
                    + " | " + run.firstDelta() + " | " + run.finished() + " | " + run.stalled() + " | " + run.failed()
                    + " | " + fmt(run.openSeconds()) + " s / " + (run.allFirstDeltas()
                    ? fmt(run.firstDeltasSeconds()) + " s" : "not all within " + FIRST_DELTA_WAIT.toSeconds() + " s")
                    + " |");
        }
        lines.add("");
        lines.add("Stalled: a gap between two deltas over " + STALL.toSeconds() + " s, or no done within "
                + ChatApi.REPLY_DEADLINE.toSeconds() + " s. Failed: an error event, a refused POST, a stream cut.");
        lines.add("");
        lines.add("| figure (ms) | system p50 / p95 / p99 / max | direct p50 / p95 / p99 / max | ratio p50 / p99 |");
        lines.add("|---|---|---|---|");
        lines.add("| gap between deltas of the open streams | " + quad(system.gaps()) + " | " + quad(direct.gaps())
                + " | " + ratio(system.gaps().ms(50), direct.gaps().ms(50)) + " / "
                + ratio(system.gaps().ms(99), direct.gaps().ms(99)) + " |");
        lines.add("| POST answered (the stream's posted event) | " + quad(system.streamPost()) + " | – | – |");
        lines.add("| first delta of the open streams | " + quad(system.streamTtft()) + " | "
                + quad(direct.streamTtft()) + " | " + ratio(system.streamTtft().ms(50), direct.streamTtft().ms(50))
                + " / " + ratio(system.streamTtft().ms(99), direct.streamTtft().ms(99)) + " |");
        lines.add("");
        lines.add("Deltas per stream: system " + perStream(system) + ", direct " + perStream(direct) + " (llm-service"
                + " coalesces tokens into deltas of ≥ 50 ms: its gaps are longer by design; the tail and the stalls are"
                + " what to compare).");
        lines.add("");
        lines.add("| TTFT of a new message (" + sampleModel + ", " + samples + " in a row, other users, while the"
                + " streams are open) | system p50 / p95 / p99 | direct p50 / p95 / p99 | tax p50 / p95 / p99 | ratio"
                + " p50 | failed | streams open meanwhile |");
        lines.add("|---|---|---|---|---|---|---|");
        lines.add("| | " + triple(system.samples()) + " | " + triple(direct.samples()) + " | "
                + tax(system.samples(), direct.samples()) + " | " + ratio(system.samples().ms(50), direct.samples().ms(50))
                + " | " + system.samplesFailed() + " / " + direct.samplesFailed() + " | system "
                + system.minOpenDuringSamples() + "–" + system.maxOpenDuringSamples() + ", direct "
                + direct.minOpenDuringSamples() + "–" + direct.maxOpenDuringSamples() + " |");
        lines.add("");
        lines.add("| process | RSS MiB start / peak / end (system run) | CPU s (system run, " + fmt(system.wallSeconds())
                + " s) | cores | CPU s (direct run, " + fmt(direct.wallSeconds()) + " s) | cores |");
        lines.add("|---|---|---|---|---|---|");
        for (String part : system.cpuMs().keySet()) {
            double s = system.cpuMs().get(part) / 1000;
            double d = direct.cpuMs().getOrDefault(part, 0.0) / 1000;
            lines.add("| " + part + " | " + system.rssStartKib().getOrDefault(part, 0L) / 1024 + " / "
                    + system.rssPeakKib().getOrDefault(part, 0L) / 1024 + " / "
                    + system.rssEndKib().getOrDefault(part, 0L) / 1024 + " | " + fmt(s) + " | "
                    + String.format("%.2f", s / system.wallSeconds()) + " | " + fmt(d) + " | "
                    + String.format("%.2f", d / direct.wallSeconds()) + " |");
        }
        lines.add("");
        lines.add("CPU from /proc (PostgreSQL and Keycloak with their child processes) over each whole run: opening, the"
                + " samples and the streams to their end; the harness (reading every stream) apart.");
        lines.add("");
        return lines;
    }

    private static String perStream(Run run) {
        return run.firstDelta() == 0 ? "–" : String.format("%.0f", (double) run.deltas() / run.firstDelta());
    }

    private static String quad(Latencies l) {
        return triple(l) + " / " + fmt(l.maxMs());
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
