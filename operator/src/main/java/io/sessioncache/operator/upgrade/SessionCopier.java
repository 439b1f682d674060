package io.sessioncache.operator.upgrade;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.SimpleEntryView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Copies the session map from one member set to another, as bytes and with each entry's expiry, a page of a
 * partition at a time, a few partitions at once.
 *
 * <p>Both sets must have the same partition count (a key's bytes then hash to the same partition on both), which the
 * upgrade checks before it starts. A full copy races with the clients writing the source; {@link #copyKeys} re-copies
 * the keys they changed meanwhile (see {@link ChangedKeys}), deleting on the target what is gone from the source.
 * {@link #copyDifferences} compares every entry with what was copied, for the last pass, once nothing can change
 * the source any more. What was copied is remembered as a 64-bit hash of each value's bytes per key: the one part of
 * the copy whose memory grows with the number of sessions (about 100 bytes each); values are held a page at a time.
 *
 * <p>A copier that did not fill the target itself (an operator restarted mid-upgrade) does not know what an earlier
 * copy left there: {@link #copyAll} then empties the target first, and {@link #copyDifferences} first reads what the
 * target holds (one hash per key, a page at a time), so it writes only what differs and removes from the target every
 * key the source no longer holds: a session ended meanwhile does not come back.
 */
public final class SessionCopier {

    /** Partitions read at once: enough to keep every member of a small set busy, few enough for a small heap. */
    private static final int PARTITIONS_IN_FLIGHT = 4;

    private final RawMap source;
    private final RawMap target;
    private final int pageSize;
    private final Map<Data, Long> copied = new ConcurrentHashMap<>();
    /** Whether everything on the target was written by this copier, so {@link #copied} tells what the target holds. */
    private volatile boolean targetKnown;

    public SessionCopier(HazelcastInstance sourceClient, HazelcastInstance targetClient, String mapName, int pageSize) {
        this.source = new RawMap(sourceClient, mapName);
        this.target = new RawMap(targetClient, mapName);
        this.pageSize = pageSize;
        if (source.partitionCount() != target.partitionCount()) {
            throw new IllegalStateException("the member sets have " + source.partitionCount() + " and "
                    + target.partitionCount() + " partitions: a session would land in another partition");
        }
    }

    /** Empties the target, then copies every entry the source holds, reporting the running total as partitions finish. */
    public CopyProgress copyAll(Consumer<CopyProgress> onPartition) {
        target.clear();
        copied.clear();
        targetKnown = true;
        return eachPartition(this::copyPartition, onPartition).progress();
    }

    /** Makes the target hold what the source holds for these keys now: copied when present, deleted when gone. */
    public CopyProgress copyKeys(Collection<Data> keys) {
        Map<Integer, List<Data>> byPartition = keys.stream().collect(Collectors.groupingBy(source::partitionOf));
        CopyProgress progress = CopyProgress.NONE;
        for (Map.Entry<Integer, List<Data>> partition : byPartition.entrySet()) {
            progress = progress.plus(copyEntries(partition.getKey(), partition.getValue()));
        }
        return progress;
    }

    /**
     * Reads every entry of the source (values only, in pages) and copies those whose bytes differ from what was
     * copied, then deletes on the target what the source no longer holds. Exact whatever events were missed, at the
     * cost of one read of the whole map.
     */
    public CopyProgress copyDifferences() {
        if (!targetKnown) {
            rememberTarget();
        }
        Pass pass = eachPartition(this::copyPartitionDifferences, progress -> { });
        Set<Data> gone = new HashSet<>(copied.keySet());
        gone.removeAll(pass.seen());
        return pass.progress().plus(copyKeys(gone));
    }

    /** Reads what the target holds into {@link #copied}, as if this copier had written it. */
    private void rememberTarget() {
        eachPartition(partition -> {
            RawMap.Cursor cursor = RawMap.Cursor.start();
            while (!cursor.done()) {
                RawMap.Page<Map.Entry<Data, Data>> page = target.entries(partition, cursor, pageSize);
                page.items().forEach(entry -> copied.put(entry.getKey(), entry.getValue().hash64()));
                cursor = page.next();
            }
            return Pass.empty();
        }, progress -> { });
        targetKnown = true;
    }

    /** A full copy needs no record of the keys it saw: only {@link #copyDifferences} looks for what is gone. */
    private Pass copyPartition(int partition) {
        CopyProgress progress = CopyProgress.NONE;
        RawMap.Cursor cursor = RawMap.Cursor.start();
        while (!cursor.done()) {
            RawMap.Page<Data> page = source.keys(partition, cursor, pageSize);
            progress = progress.plus(copyEntries(partition, page.items()));
            cursor = page.next();
        }
        return new Pass(progress, new HashSet<>());
    }

    private Pass copyPartitionDifferences(int partition) {
        Pass pass = Pass.empty();
        RawMap.Cursor cursor = RawMap.Cursor.start();
        while (!cursor.done()) {
            RawMap.Page<Map.Entry<Data, Data>> page = source.entries(partition, cursor, pageSize);
            List<Data> changed = new ArrayList<>();
            for (Map.Entry<Data, Data> entry : page.items()) {
                pass.seen().add(entry.getKey());
                Long hash = copied.get(entry.getKey());
                if (hash == null || hash != entry.getValue().hash64()) {
                    changed.add(entry.getKey());
                }
            }
            if (!changed.isEmpty()) {
                pass = new Pass(pass.progress().plus(copyEntries(partition, changed)), pass.seen());
            }
            cursor = page.next();
        }
        return pass;
    }

    /** Copies these keys of one partition with their metadata, or deletes them on the target when the source has none. */
    private CopyProgress copyEntries(int partition, List<Data> keys) {
        List<CompletableFuture<Optional<SimpleEntryView<Data, Data>>>> reads = keys.stream().map(source::entry).toList();
        List<SimpleEntryView<Data, Data>> writes = new ArrayList<>();
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Optional<SimpleEntryView<Data, Data>> entry = reads.get(i).join();
            if (entry.isPresent()) {
                writes.add(entry.get());
            } else {
                deletes.add(target.delete(keys.get(i)));
                copied.remove(keys.get(i));
            }
        }
        if (!writes.isEmpty()) {
            target.putAll(partition, writes).join();
            writes.forEach(entry -> copied.put(entry.getKey(), entry.getValue().hash64()));
        }
        deletes.forEach(CompletableFuture::join);
        long bytes = writes.stream().mapToLong(entry -> entry.getKey().totalSize() + entry.getValue().totalSize()).sum();
        return new CopyProgress(writes.size(), deletes.size(), bytes);
    }

    private Pass eachPartition(IntFunction<Pass> work, Consumer<CopyProgress> onPartition) {
        ExecutorService pool = Executors.newFixedThreadPool(PARTITIONS_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "session-copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Pass>> partitions = new ArrayList<>();
            for (int partition = 0; partition < source.partitionCount(); partition++) {
                int p = partition;
                partitions.add(pool.submit(() -> work.apply(p)));
            }
            Pass total = Pass.empty();
            for (Future<Pass> partition : partitions) {
                total = total.plus(partition.get());
                onPartition.accept(total.progress());
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the copy was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the copy failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A pass's running total, and the keys it found in the source. */
    private record Pass(CopyProgress progress, Set<Data> seen) {

        static Pass empty() {
            return new Pass(CopyProgress.NONE, new HashSet<>());
        }

        Pass plus(Pass more) {
            seen.addAll(more.seen);
            return new Pass(progress.plus(more.progress), seen);
        }
    }
}
