package io.sessioncache.operator.nearcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of durations in nanoseconds. */
public record Percentiles(List<Long> sortedNanos) {

    public static Percentiles of(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return new Percentiles(List.copyOf(sorted));
    }

    public long p(double percentile) {
        if (sortedNanos.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.size());
        return sortedNanos.get(Math.max(0, rank - 1));
    }

    public long p50() {
        return p(50);
    }

    public long p99() {
        return p(99);
    }

    public long max() {
        return p(100);
    }

    public int count() {
        return sortedNanos.size();
    }

    @Override
    public String toString() {
        return String.format("p50 %s, p99 %s, max %s (%d samples)", format(p50()), format(p99()), format(max()), count());
    }

    /** Nanoseconds as a readable figure: "0.9 us", "85 us", "2.4 ms", "9.81 s". */
    public static String format(long nanos) {
        if (nanos < 10_000) {
            return String.format("%.1f us", nanos / 1_000.0);
        }
        if (nanos < 1_000_000) {
            return nanos / 1_000 + " us";
        }
        if (nanos < 1_000_000_000) {
            return String.format("%.1f ms", nanos / 1_000_000.0);
        }
        return String.format("%.2f s", nanos / 1_000_000_000.0);
    }
}
