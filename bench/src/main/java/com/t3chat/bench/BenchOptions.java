package com.t3chat.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./dev bench [--quick] [--jfr] [--nmt] [--phases=ttft,gateway,throughput,rss]}: how much load, which
 * phases, what else is recorded.
 *
 * @param quick            smaller counts (a run of a few minutes)
 * @param jfr              a JFR recording of every service JVM during throughput and open-streams, summarized
 * @param nmt              the services run with native memory tracking; its summary at idle and after the load
 * @param phases           the phases to run, in {@link #PHASES} order
 * @param users            bench users created in Keycloak
 * @param warmUp           warm-up messages before idle memory is read
 * @param quietSeconds     quiet after the warm-up
 * @param sequential       TTFT samples of one user, one after the other
 * @param rounds50         rounds of 50 users at once
 * @param rounds200        rounds of 200 users at once
 * @param gatewayRequests  GETs per client (50 clients) through the gateway and straight to chat-service each
 * @param afterSeconds     quiet before memory after load is read
 * @param openStreams      streams held open at once in the open-streams phase
 * @param openSamples      TTFT samples taken while they are open (and as many direct)
 */
record BenchOptions(boolean quick, boolean jfr, boolean nmt, Set<String> phases, int users, int warmUp, int quietSeconds, int sequential,
                    int rounds50, int rounds200, int gatewayRequests, int afterSeconds,
                    int openStreams, int openSamples) {

    /** Every phase, in the order they run (most valuable first); rss reads memory after all others. */
    static final List<String> PHASES = List.of("ttft", "records", "gateway", "long-chat", "throughput",
            "open-streams", "rss");

    static final String USAGE = "usage: ./dev bench [--quick] [--jfr] [--nmt] [--phases=" + String.join(",", PHASES)
            + "]";

    static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean jfr = false;
        boolean nmt = false;
        Set<String> phases = new LinkedHashSet<>(PHASES);
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--jfr")) {
                jfr = true;
            } else if (arg.equals("--nmt")) {
                nmt = true;
            } else if (arg.startsWith("--phases=")) {
                phases = new LinkedHashSet<>();
                for (String phase : arg.substring("--phases=".length()).split(",")) {
                    if (!PHASES.contains(phase.trim())) {
                        throw new IllegalArgumentException("unknown phase " + phase + " (phases: " + PHASES + ")");
                    }
                    phases.add(phase.trim());
                }
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return quick ? new BenchOptions(true, jfr, nmt, phases, 220, 60, 15, 30, 3, 2, 50, 30, 200, 20)
                : new BenchOptions(false, jfr, nmt, phases, 1300, 300, 60, 100, 10, 5, 2000, 60, 1000, 50);
    }
}
