package io.sessioncache.operator.upgrade;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.SimpleEntryView;
import io.sessioncache.member.PartitionChecksums;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Copies the session map from one member set to another, as bytes and with each entry's expiry, a page of a
 * partition at a time, a few partitions at once.
 *
 * <p>Both sets must have the same partition count (a key's bytes then hash to the same partition on both), which the
 * upgrade checks before it starts. A full copy races with the clients writing the source; {@link #copyKeys} re-copies
 * the keys they changed meanwhile (see {@link ChangedKeys}), deleting on the target what is gone from the source.
 * {@link #copyDifferences} makes the target exact for the last pass, once nothing can change the source any more:
 * it copies the keys it is told changed, then compares one checksum per partition of each set (computed on the
 * members, see {@link PartitionChecksums}) and reads on both sets only the partitions that still differ, for instance
 * for an event that never arrived, or for a copy an operator restarted mid-upgrade did not make itself.
 *
 * <p>Nothing the copier holds grows with the map: values are held a page at a time, and a differing partition's
 * key hashes while it is compared.
 */
public final class SessionCopier {

    /** Partitions read at once: enough to keep every member of a small set busy, few enough for a small heap. */
    private static final int PARTITIONS_IN_FLIGHT = 4;
    private static final Logger LOG = Logger.getLogger(SessionCopier.class);

    private final RawMap source;
    private final RawMap target;
    private final int pageSize;
    private final int partitionCount;

    public SessionCopier(HazelcastInstance sourceClient, HazelcastInstance targetClient, String mapName, int pageSize) {
        this.source = new RawMap(sourceClient, mapName);
        this.target = new RawMap(targetClient, mapName);
        this.pageSize = pageSize;
        this.partitionCount = source.partitionCount();
        if (partitionCount != target.partitionCount()) {
            throw new IllegalStateException("the member sets have " + partitionCount + " and "
                    + target.partitionCount() + " partitions: a session would land in another partition");
        }
    }

    /** Empties the target, then copies every entry the source holds, reporting the running total as partitions finish. */
    public CopyProgress copyAll(Consumer<CopyProgress> onPartition) {
        target.clear();
        return eachPartition(allPartitions(), this::copyPartition, onPartition);
    }

    /** Makes the target hold what the source holds for these keys now: copied when present, deleted when gone. */
    public CopyProgress copyKeys(Collection<Data> keys) {
        Map<Integer, List<Data>> byPartition = keys.stream().collect(Collectors.groupingBy(source::partitionOf));
        return eachPartition(List.copyOf(byPartition.keySet()), partition -> copyEntries(partition, byPartition.get(partition)),
                progress -> { });
    }

    /** As {@link #copyDifferences(Collection)} with no key known to have changed. */
    public CopyProgress copyDifferences() {
        return copyDifferences(List.of());
    }

    /**
     * Copies the keys that changed, then makes every partition whose checksum still differs between the sets hold on
     * the target exactly what it holds on the source: entries whose bytes differ are copied, entries the source no
     * longer holds are deleted. Exact whatever events were missed; it reads only the partitions that differ, or every
     * partition when the members cannot compute checksums (their jars lack {@link PartitionChecksums}).
     */
    public CopyProgress copyDifferences(Collection<Data> changed) {
        CopyProgress progress = copyKeys(changed);
        return progress.plus(eachPartition(differingPartitions(), this::makeEqual, done -> { }));
    }

    /** Partitions whose checksums differ between the sets; all of them when either set cannot compute checksums. */
    private List<Integer> differingPartitions() {
        CompletableFuture<Optional<long[]>> targetSums = CompletableFuture.supplyAsync(target::checksums);
        Optional<long[]> sourceSums = source.checksums();
        Optional<long[]> targetSumsNow = targetSums.join();
        if (sourceSums.isEmpty() || targetSumsNow.isEmpty()) {
            LOG.info("the members compute no partition checksums (their session-extensions jars predate them): "
                    + "the last pass compares every entry");
            return allPartitions();
        }
        return IntStream.range(0, partitionCount).filter(p -> sourceSums.get()[p] != targetSumsNow.get()[p]).boxed().toList();
    }

    /** Makes one partition of the target hold what the source's holds, comparing the bytes of every entry. */
    private CopyProgress makeEqual(int partition) {
        Map<Data, Long> held = new HashMap<>();
        RawMap.Cursor cursor = RawMap.Cursor.start();
        while (!cursor.done()) {
            RawMap.Page<Map.Entry<Data, Data>> page = target.entries(partition, cursor, pageSize);
            page.items().forEach(entry -> held.put(entry.getKey(), entry.getValue().hash64()));
            cursor = page.next();
        }
        CopyProgress progress = CopyProgress.NONE;
        cursor = RawMap.Cursor.start();
        while (!cursor.done()) {
            RawMap.Page<Map.Entry<Data, Data>> page = source.entries(partition, cursor, pageSize);
            List<Data> differing = new ArrayList<>();
            for (Map.Entry<Data, Data> entry : page.items()) {
                Long hash = held.remove(entry.getKey());
                if (hash == null || hash != entry.getValue().hash64()) {
                    differing.add(entry.getKey());
                }
            }
            progress = progress.comparing(page.items().size()).plus(copyEntries(partition, differing));
            cursor = page.next();
        }
        // What is left on the target is gone from the source: copying those keys deletes them.
        return progress.plus(copyEntries(partition, List.copyOf(held.keySet())));
    }

    /** A full copy reads keys only, and each entry with its metadata as it copies it. */
    private CopyProgress copyPartition(int partition) {
        CopyProgress progress = CopyProgress.NONE;
        RawMap.Cursor cursor = RawMap.Cursor.start();
        while (!cursor.done()) {
            RawMap.Page<Data> page = source.keys(partition, cursor, pageSize);
            progress = progress.plus(copyEntries(partition, page.items()));
            cursor = page.next();
        }
        return progress;
    }

    /** Copies these keys of one partition with their metadata, or deletes them on the target when the source has none. */
    private CopyProgress copyEntries(int partition, List<Data> keys) {
        if (keys.isEmpty()) {
            return CopyProgress.NONE;
        }
        List<CompletableFuture<Optional<SimpleEntryView<Data, Data>>>> reads = keys.stream().map(source::entry).toList();
        List<SimpleEntryView<Data, Data>> writes = new ArrayList<>();
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Optional<SimpleEntryView<Data, Data>> entry = reads.get(i).join();
            if (entry.isPresent()) {
                writes.add(entry.get());
            } else {
                deletes.add(target.delete(keys.get(i)));
            }
        }
        if (!writes.isEmpty()) {
            target.putAll(partition, writes).join();
        }
        deletes.forEach(CompletableFuture::join);
        long bytes = writes.stream().mapToLong(entry -> entry.getKey().totalSize() + entry.getValue().totalSize()).sum();
        return new CopyProgress(writes.size(), deletes.size(), bytes, 0);
    }

    private List<Integer> allPartitions() {
        return IntStream.range(0, partitionCount).boxed().toList();
    }

    private CopyProgress eachPartition(List<Integer> partitions, IntFunction<CopyProgress> work, Consumer<CopyProgress> onPartition) {
        if (partitions.isEmpty()) {
            return CopyProgress.NONE;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARTITIONS_IN_FLIGHT, partitions.size()), runnable -> {
            Thread thread = new Thread(runnable, "session-copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<CopyProgress>> running = new ArrayList<>();
            for (int partition : partitions) {
                running.add(pool.submit(() -> work.apply(partition)));
            }
            CopyProgress total = CopyProgress.NONE;
            for (Future<CopyProgress> partition : running) {
                total = total.plus(partition.get());
                onPartition.accept(total);
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
}
