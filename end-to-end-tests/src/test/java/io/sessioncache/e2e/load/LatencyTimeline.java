package io.sessioncache.e2e.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Client operation latency over time: the slowest operation that started in each fixed slot (100 ms by default)
 * after an origin, such as the moment a roll began. Operations are placed by their start, so a stall shows where the
 * operation that suffered it began. Lock-free: the load's threads record into it concurrently.
 */
public final class LatencyTimeline {

    private final long originNanos;
    private final long slotNanos;
    private final AtomicLongArray slowestNanos;

    public LatencyTimeline(long originNanos, Duration slot, Duration length) {
        this.originNanos = originNanos;
        this.slotNanos = slot.toNanos();
        this.slowestNanos = new AtomicLongArray((int) Math.max(1, length.toNanos() / slotNanos));
    }

    /** Records an operation that started at {@code startNanos} ({@link System#nanoTime()}); ones outside the timeline are dropped. */
    public void record(long startNanos, long latencyNanos) {
        long offset = startNanos - originNanos;
        if (offset < 0) {
            return;
        }
        long slot = offset / slotNanos;
        if (slot < slowestNanos.length()) {
            slowestNanos.accumulateAndGet((int) slot, latencyNanos, Math::max);
        }
    }

    /** Seconds since the origin for a {@link System#nanoTime()} reading. */
    public double secondsAt(long nanos) {
        return (nanos - originNanos) / 1e9;
    }

    /**
     * One point per slot up to the last in which an operation started: the slot's start and its slowest operation, or
     * NaN when none started in it (every client thread was still waiting on an earlier one).
     */
    public List<Point> points() {
        List<Point> points = new ArrayList<>();
        int last = slowestNanos.length() - 1;
        while (last >= 0 && slowestNanos.get(last) == 0) {
            last--;
        }
        for (int slot = 0; slot <= last; slot++) {
            long slowest = slowestNanos.get(slot);
            points.add(new Point(slot * slotNanos / 1e9, slowest == 0 ? Double.NaN : slowest / 1e6));
        }
        return points;
    }

    /** @param seconds since the origin @param slowestMillis the slowest operation started in that slot, NaN if none */
    public record Point(double seconds, double slowestMillis) {
    }
}
