package io.sessioncache.operator.nearcache;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A thread that keeps writing 1 KB sessions under other keys as fast as the cluster acknowledges them, until closed. */
public final class BackgroundWrites implements AutoCloseable {

    private static final int KEYS = 10_000;
    private static final String VALUE = "x".repeat(1024);

    private final Thread thread;
    private final AtomicLong writes = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private BackgroundWrites(IMap<String, String> map) {
        thread = new Thread(() -> write(map), "background-writes");
        thread.setDaemon(true);
        thread.start();
    }

    public static BackgroundWrites start(IMap<String, String> map) {
        return new BackgroundWrites(map);
    }

    public long writes() {
        return writes.get();
    }

    public double writesPerSecond() {
        return writes.get() / ((System.nanoTime() - started) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(30).toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("background writes did not stop within 30 s");
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void write(IMap<String, String> map) {
        try {
            while (running) {
                map.set("load-" + ThreadLocalRandom.current().nextInt(KEYS), VALUE);
                writes.incrementAndGet();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }
}
