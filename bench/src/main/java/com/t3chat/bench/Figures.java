package com.t3chat.bench;

/** How the summary writes a figure: milliseconds to three digits, percentiles as "p50 / p95 / p99", "–" for none. */
final class Figures {

    private Figures() {
    }

    static String triple(Latencies l) {
        return fmt(l.ms(50)) + " / " + fmt(l.ms(95)) + " / " + fmt(l.ms(99));
    }

    /** The system's figure minus the direct one, per percentile. */
    static String tax(Latencies system, Latencies base) {
        return fmt(system.ms(50) - base.ms(50)) + " / " + fmt(system.ms(95) - base.ms(95)) + " / "
                + fmt(system.ms(99) - base.ms(99));
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format("%.1f×", a / b);
    }

    static String fmt(double ms) {
        return Double.isNaN(ms) ? "–" : ms >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
    }
}
