package com.t3chat.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One figure's samples (recorded in microseconds, up to an hour), read as milliseconds at a percentile. */
final class Latencies {

    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(1), 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), histogram.getHighestTrackableValue())));
    }

    void recordMillis(double millis) {
        recordNanos((long) (millis * 1_000_000));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0–100) in milliseconds; NaN without samples. */
    double ms(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
        return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count());
        map.put("p50_ms", round(ms(50)));
        map.put("p95_ms", round(ms(95)));
        map.put("p99_ms", round(ms(99)));
        map.put("max_ms", round(maxMs()));
        return map;
    }

    static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }
}
