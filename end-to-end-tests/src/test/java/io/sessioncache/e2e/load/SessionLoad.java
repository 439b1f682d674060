package io.sessioncache.e2e.load;

import com.hazelcast.map.IMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Holds N sessions in a Hazelcast map and keeps reading and updating them, as web servers do, while the cluster is
 * rolled or scaled. Every value carries its version, so the final check tells lost sessions and stale values apart:
 * a session is lost when it is gone, stale when it is older than the last write the client saw succeed.
 */
public final class SessionLoad implements AutoCloseable {

    private final IMap<String, byte[]> sessions;
    private final int count;
    private final int valueBytes;
    private final AtomicLongArray confirmed;
    private final AtomicLongArray attempted;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong errors = new AtomicLong();
    private final LatencyRecorder latencies = new LatencyRecorder(4_000_000);
    private final List<Thread> workers = new ArrayList<>();
    private final Object[] locks = createLocks();
    private volatile LatencyTimeline timeline;

    public SessionLoad(IMap<String, byte[]> sessions, int count, int valueBytes) {
        this.sessions = sessions;
        this.count = count;
        this.valueBytes = valueBytes;
        this.confirmed = new AtomicLongArray(count);
        this.attempted = new AtomicLongArray(count);
    }

    /** Writes every session once, in batches. */
    public void populate() {
        int batch = 500;
        for (int start = 0; start < count; start += batch) {
            Map<String, byte[]> chunk = new HashMap<>();
            for (int i = start; i < Math.min(count, start + batch); i++) {
                chunk.put(key(i), value(1));
                attempted.set(i, 1);
            }
            sessions.putAll(chunk);
            for (int i = start; i < Math.min(count, start + batch); i++) {
                confirmed.set(i, 1);
            }
        }
    }

    /** Starts {@code threads} workers, each reading three sessions for every one it updates. */
    public void start(int threads) {
        running.set(true);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(this::work, "session-load-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** From now on, also records each operation's latency by when it started. */
    public void recordTimeline(LatencyTimeline timeline) {
        this.timeline = timeline;
    }

    /** Starts measuring latency afresh, e.g. when the roll begins. */
    public void resetLatencies() {
        latencies.reset();
        errors.set(0);
    }

    public LoadReport stop() {
        running.set(false);
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        return new LoadReport(errors.get(), latencies.snapshot());
    }

    /** Reads every session back and compares it with what the client knows it wrote. */
    public Verification verify() {
        int lost = 0;
        int stale = 0;
        List<String> examples = new ArrayList<>();
        int batch = 1000;
        for (int start = 0; start < count; start += batch) {
            Set<String> keys = new HashSet<>();
            for (int i = start; i < Math.min(count, start + batch); i++) {
                keys.add(key(i));
            }
            Map<String, byte[]> found = sessions.getAll(keys);
            for (int i = start; i < Math.min(count, start + batch); i++) {
                byte[] value = found.get(key(i));
                if (value == null) {
                    lost++;
                    if (examples.size() < 5) {
                        examples.add(key(i) + " missing");
                    }
                } else if (version(value) < confirmed.get(i) || version(value) > attempted.get(i)) {
                    stale++;
                    if (examples.size() < 5) {
                        examples.add("%s at version %d, expected %d..%d".formatted(key(i), version(value), confirmed.get(i), attempted.get(i)));
                    }
                }
            }
        }
        return new Verification(count, lost, stale, examples);
    }

    private void work() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            int i = random.nextInt(count);
            long start = System.nanoTime();
            try {
                if (random.nextInt(4) == 0) {
                    update(i);
                } else {
                    sessions.get(key(i));
                }
                recordLatency(start);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                recordLatency(start);
            }
        }
    }

    private void recordLatency(long start) {
        long latency = System.nanoTime() - start;
        latencies.record(latency);
        LatencyTimeline current = timeline;
        if (current != null) {
            current.record(start, latency);
        }
    }

    /** One writer per session at a time: the version order is the write order. */
    private void update(int i) {
        synchronized (lockFor(i)) {
            long version = attempted.incrementAndGet(i);
            sessions.set(key(i), value(version));
            confirmed.set(i, version);
        }
    }

    private static Object[] createLocks() {
        Object[] locks = new Object[1024];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        return locks;
    }

    private Object lockFor(int i) {
        return locks[i % locks.length];
    }

    private byte[] value(long version) {
        byte[] value = new byte[Math.max(Long.BYTES, valueBytes)];
        ByteBuffer.wrap(value).putLong(version);
        return value;
    }

    private static long version(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }

    public static String key(int i) {
        return "session-" + i;
    }

    @Override
    public void close() {
        if (running.get()) {
            stop();
        }
    }

    public record Verification(int sessions, int lost, int stale, List<String> examples) {
        @Override
        public String toString() {
            return "%d sessions: %d lost, %d stale %s".formatted(sessions, lost, stale, examples);
        }
    }

    public record LoadReport(long errors, LatencyRecorder.Snapshot latency) {
        @Override
        public String toString() {
            return "%d client errors, %s".formatted(errors, latency);
        }
    }
}
