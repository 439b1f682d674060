package io.sessioncache.operator.validation;

import io.sessioncache.operator.model.ConfigHash;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a pure check of rendered configs decided, remembered by the configs' content hashes. A waiting cluster is
 * looked at twice a second, each time with the same configs, and Hazelcast's YAML parser was most of a reconcile's
 * CPU: with hundreds of clusters the operator spent its time parsing the same text again. Bounded, least recently
 * used first out; thread-safe, as reconciles of different clusters run at once.
 */
final class VerdictCache<T> {

    private final Map<String, T> verdicts;

    VerdictCache(int capacity) {
        this.verdicts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The check's verdict on these configs: computed once per distinct content, then remembered. */
    T verdict(Supplier<T> check, String... configs) {
        StringBuilder key = new StringBuilder();
        for (String config : configs) {
            key.append(ConfigHash.of(config)).append('/');
        }
        synchronized (verdicts) {
            T known = verdicts.get(key.toString());
            if (known != null) {
                return known;
            }
        }
        T verdict = check.get();
        synchronized (verdicts) {
            verdicts.put(key.toString(), verdict);
        }
        return verdict;
    }

    int size() {
        synchronized (verdicts) {
            return verdicts.size();
        }
    }
}
