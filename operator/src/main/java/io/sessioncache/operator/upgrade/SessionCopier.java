package io.sessioncache.operator.upgrade;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.SimpleEntryView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Copies the session map from one member set to another, as bytes and with each entry's expiry, one page of one
 * partition at a time.
 *
 * <p>Both sets must have the same partition count (a key's bytes then hash to the same partition on both), which the
 * upgrade checks before it starts. A full copy races with the clients writing the source; {@link #copyKeys} re-copies
 * the keys they changed meanwhile (see {@link ChangedKeys}), deleting on the target what is gone from the source.
 * {@link #copyDifferences} compares every entry with what was copied, for the last pass, once nothing can change
 * the source any more. What was copied is remembered as a 64-bit hash of each value's bytes per key: the one part of
 * the copy whose memory grows with the number of sessions (about 100 bytes each); values are held a page at a time.
 */
public final class SessionCopier {

    private final RawMap source;
    private final RawMap target;
    private final int pageSize;
    private final Map<Data, Long> copied = new HashMap<>();

    public SessionCopier(HazelcastInstance sourceClient, HazelcastInstance targetClient, String mapName, int pageSize) {
        this.source = new RawMap(sourceClient, mapName);
        this.target = new RawMap(targetClient, mapName);
        this.pageSize = pageSize;
        if (source.partitionCount() != target.partitionCount()) {
            throw new IllegalStateException("the member sets have " + source.partitionCount() + " and "
                    + target.partitionCount() + " partitions: a session would land in another partition");
        }
    }

    /** Copies every entry the source holds, reporting the running total after each page. */
    public CopyProgress copyAll(Consumer<CopyProgress> onPage) {
        return eachPage((partition, keys) -> copyPage(partition, keys, views -> true), onPage).progress();
    }

    /** Makes the target hold what the source holds for these keys now: copied when present, deleted when gone. */
    public CopyProgress copyKeys(Collection<Data> keys) {
        Map<Integer, List<Data>> byPartition = keys.stream().collect(Collectors.groupingBy(source::partitionOf));
        CopyProgress progress = CopyProgress.NONE;
        for (Map.Entry<Integer, List<Data>> partition : byPartition.entrySet()) {
            progress = progress.plus(copyPage(partition.getKey(), partition.getValue(), view -> true).progress());
        }
        return progress;
    }

    /**
     * Reads every entry of the source and writes to the target only those that differ from what was copied, then
     * deletes on the target what the source no longer holds. Exact whatever events were missed, at the cost of one
     * read of the whole map.
     */
    public CopyProgress copyDifferences() {
        Pass pass = eachPage((partition, keys) -> copyPage(partition, keys, this::changedSinceCopied), progress -> { });
        Set<Data> gone = new HashSet<>(copied.keySet());
        gone.removeAll(pass.seen());
        return pass.progress().plus(copyKeys(gone));
    }

    private boolean changedSinceCopied(SimpleEntryView<Data, Data> entry) {
        Long hash = copied.get(entry.getKey());
        return hash == null || hash != entry.getValue().hash64();
    }

    private Pass eachPage(PageCopy copy, Consumer<CopyProgress> onPage) {
        Pass pass = new Pass(CopyProgress.NONE, new HashSet<>());
        for (int partition = 0; partition < source.partitionCount(); partition++) {
            RawMap.KeyPage.Cursor cursor = RawMap.KeyPage.Cursor.start();
            while (!cursor.done()) {
                RawMap.KeyPage page = source.keys(partition, cursor, pageSize);
                pass = pass.plus(copy.copy(partition, page.keys()));
                cursor = page.next();
                onPage.accept(pass.progress());
            }
        }
        return pass;
    }

    private Pass copyPage(int partition, List<Data> keys, Predicate<SimpleEntryView<Data, Data>> worthWriting) {
        List<CompletableFuture<Optional<SimpleEntryView<Data, Data>>>> reads = keys.stream().map(source::entry).toList();
        List<SimpleEntryView<Data, Data>> writes = new ArrayList<>();
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        Set<Data> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            Optional<SimpleEntryView<Data, Data>> entry = reads.get(i).join();
            if (entry.isPresent()) {
                seen.add(keys.get(i));
                if (worthWriting.test(entry.get())) {
                    writes.add(entry.get());
                }
            } else {
                deletes.add(target.delete(keys.get(i)));
            }
        }
        if (!writes.isEmpty()) {
            target.putAll(partition, writes).join();
            writes.forEach(entry -> copied.put(entry.getKey(), entry.getValue().hash64()));
        }
        deletes.forEach(CompletableFuture::join);
        keys.stream().filter(key -> !seen.contains(key)).forEach(copied::remove);
        long bytes = writes.stream().mapToLong(entry -> entry.getKey().totalSize() + entry.getValue().totalSize()).sum();
        return new Pass(new CopyProgress(writes.size(), deletes.size(), bytes), seen);
    }

    @FunctionalInterface
    private interface PageCopy {
        Pass copy(int partition, List<Data> keys);
    }

    /** A pass's running total, and the keys it found in the source. */
    private record Pass(CopyProgress progress, Set<Data> seen) {

        Pass plus(Pass page) {
            Set<Data> all = seen;
            all.addAll(page.seen);
            return new Pass(progress.plus(page.progress), all);
        }
    }
}
