package io.sessioncache.operator.nearcache;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long after one client's acknowledged update another client still reads the previous value: the window in which
 * a replica behind a non-sticky load balancer reads a stale session and, saving it, overwrites the newer one.
 *
 * <p>One sample: the writer stores a new session, the reader reads it twice (the second read is served by its near
 * cache, which is checked), the writer updates it, and from the moment the update returns the reader polls until it
 * reads the update. Each sample uses a new key, so no earlier invalidation is still on its way to the reader.
 */
public final class StalenessProbe {

    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final IMap<String, String> writer;
    private final IMap<String, String> reader;
    private final boolean readerCaches;
    private final Duration timeout;
    private final String keyPrefix;
    private int next;

    /**
     * @param readerCaches whether the reader has a near cache (then every sample checks it really held the old value)
     * @param timeout      longest a sample polls; a sample that reaches it counts as this long
     */
    public StalenessProbe(IMap<String, String> writer, IMap<String, String> reader, boolean readerCaches, Duration timeout) {
        this.writer = writer;
        this.reader = reader;
        this.readerCaches = readerCaches;
        this.timeout = timeout;
        this.keyPrefix = "probe-" + System.nanoTime() + "-";
    }

    public Percentiles measure(int samples) {
        return measure(samples, Duration.ZERO);
    }

    /**
     * @param maxPause each sample starts after a random pause up to this long, so samples do not line up with a
     *                 periodic flush on the members (each would then wait the whole period)
     */
    public Percentiles measure(int samples, Duration maxPause) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            if (!maxPause.isZero()) {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxPause.toNanos()));
            }
            nanos.add(sampleNanos());
        }
        return Percentiles.of(nanos);
    }

    /** One staleness sample in nanoseconds, at most the timeout. */
    public long sampleNanos() {
        String key = keyPrefix + next++;
        writer.set(key, "old");
        cacheOnReader(key);
        writer.set(key, "new");
        long acknowledged = System.nanoTime();
        long deadline = acknowledged + timeout.toNanos();
        while (!"new".equals(reader.get(key))) {
            if (System.nanoTime() >= deadline) {
                return timeout.toNanos();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return System.nanoTime() - acknowledged;
    }

    /** Reads the key until the reader's near cache serves it, so the update has a cached copy to make stale. */
    private void cacheOnReader(String key) {
        for (int attempt = 0; attempt < 100; attempt++) {
            long hitsBefore = hits();
            String value = reader.get(key);
            if (!readerCaches) {
                return;
            }
            if ("old".equals(value) && hits() > hitsBefore) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        throw new IllegalStateException("the reader's near cache never served " + key + " after 100 reads");
    }

    private long hits() {
        return readerCaches ? reader.getLocalMapStats().getNearCacheStats().getHits() : 0;
    }
}
