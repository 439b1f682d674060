package io.sessioncache.operator.upgrade;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.impl.DataAwareEntryEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The keys clients change in the source map while a copy runs, as bytes (no value, no class needed). Registered before
 * the copy starts, so every change the copy may have missed is in here by the time its event arrives. A map-wide
 * change (clear, evict all) cannot be named key by key: {@link #takeWholeMapChanged()} then asks for a full copy.
 */
public final class ChangedKeys implements AutoCloseable {

    private final IMap<Object, Object> map;
    private final UUID registration;
    private final Set<Data> keys = new HashSet<>();
    private volatile boolean wholeMapChanged;

    public ChangedKeys(HazelcastInstance sourceClient, String mapName) {
        this.map = sourceClient.getMap(mapName);
        this.registration = map.addEntryListener(new Recorder(), false);
    }

    /** The keys changed since the last call, and forgets them. */
    public synchronized Set<Data> drain() {
        Set<Data> drained = new HashSet<>(keys);
        keys.clear();
        return drained;
    }

    /** Whether a map-wide change happened since the last call, and forgets it. */
    public boolean takeWholeMapChanged() {
        boolean changed = wholeMapChanged;
        wholeMapChanged = false;
        return changed;
    }

    private synchronized void record(Data key) {
        keys.add(key);
    }

    @Override
    public void close() {
        map.removeEntryListener(registration);
    }

    /** Hazelcast's adapter routes every entry event (added, updated, removed, evicted, expired, merged) to one method. */
    private final class Recorder extends EntryAdapter<Object, Object> {

        @Override
        public void onEntryEvent(EntryEvent<Object, Object> event) {
            record(((DataAwareEntryEvent<Object, Object>) event).getKeyData());
        }

        @Override
        public void onMapEvent(MapEvent event) {
            wholeMapChanged = true;
        }
    }
}
