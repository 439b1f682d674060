package io.sessioncache.operator.nearcache;

import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;

/** Latency of repeated reads of one session: near-cache hits on a caching client, round trips on one without. */
public final class ReadLatency {

    private ReadLatency() {
    }

    /** Times {@code reads} reads of a 1 KB session after a warm-up of as many reads. */
    public static Percentiles of(IMap<String, String> writer, IMap<String, String> reader, int reads) {
        String key = "read-latency-" + System.nanoTime();
        writer.set(key, "x".repeat(1024));
        for (int i = 0; i < reads; i++) {
            reader.get(key);
        }
        List<Long> nanos = new ArrayList<>(reads);
        for (int i = 0; i < reads; i++) {
            long start = System.nanoTime();
            if (reader.get(key) == null) {
                throw new IllegalStateException("session " + key + " vanished while being read");
            }
            nanos.add(System.nanoTime() - start);
        }
        return Percentiles.of(nanos);
    }
}
