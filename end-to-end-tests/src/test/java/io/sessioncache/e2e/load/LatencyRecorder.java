package io.sessioncache.e2e.load;

import java.util.Arrays;

/** Operation latencies in a bounded array; percentiles are computed when asked. */
public final class LatencyRecorder {

    private final long[] nanos;
    private int size;

    public LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    public synchronized void record(long latencyNanos) {
        if (size < nanos.length) {
            nanos[size++] = latencyNanos;
        }
    }

    public synchronized void reset() {
        size = 0;
    }

    public synchronized Snapshot snapshot() {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        return new Snapshot(size, percentile(sorted, 0.50), percentile(sorted, 0.99), size == 0 ? 0 : sorted[size - 1]);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    public record Snapshot(int operations, long p50Nanos, long p99Nanos, long maxNanos) {
        public double p50Millis() {
            return p50Nanos / 1e6;
        }

        public double p99Millis() {
            return p99Nanos / 1e6;
        }

        public double maxMillis() {
            return maxNanos / 1e6;
        }

        @Override
        public String toString() {
            return "%d ops, p50 %.2f ms, p99 %.2f ms, max %.0f ms".formatted(operations, p50Millis(), p99Millis(), maxMillis());
        }
    }
}
