package com.t3chat.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./dev bench [--quick] [--phases=ttft,gateway,throughput,rss]}: how much load and which phases.
 *
 * @param quick            smaller counts (a run of a few minutes)
 * @param phases           the phases to run, in {@link #PHASES} order
 * @param users            bench users created in Keycloak
 * @param warmUp           warm-up messages before idle memory is read
 * @param quietSeconds     quiet after the warm-up
 * @param sequential       TTFT samples of one user, one after the other
 * @param rounds50         rounds of 50 users at once
 * @param rounds200        rounds of 200 users at once
 * @param gatewayRequests  GETs per client (50 clients) through the gateway and straight to chat-service each
 * @param afterSeconds     quiet before memory after load is read
 */
record BenchOptions(boolean quick, Set<String> phases, int users, int warmUp, int quietSeconds, int sequential,
                    int rounds50, int rounds200, int gatewayRequests, int afterSeconds) {

    /** Every phase, in the order they run (most valuable first); rss reads memory after all others. */
    static final List<String> PHASES = List.of("ttft", "records", "gateway", "long-chat", "throughput", "rss",
            "open-streams");

    static final String USAGE = "usage: ./dev bench [--quick] [--phases=" + String.join(",", PHASES) + "]";

    static BenchOptions parse(String... args) {
        boolean quick = false;
        Set<String> phases = new LinkedHashSet<>(PHASES);
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
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
        return quick ? new BenchOptions(true, phases, 220, 60, 15, 30, 3, 2, 50, 30)
                : new BenchOptions(false, phases, 1300, 300, 60, 100, 10, 5, 2000, 60);
    }
}
