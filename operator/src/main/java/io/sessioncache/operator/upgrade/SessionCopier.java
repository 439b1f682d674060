package io.sessioncache.operator.upgrade;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.SimpleEntryView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Copies the session map from one member set to another, as bytes and with each entry's expiry, one page of one
 * partition at a time: memory holds one page, whatever the map's size.
 *
 * <p>Both sets must have the same partition count (a key's bytes then hash to the same partition on both), which the
 * upgrade checks before it starts. A full copy races with the clients writing the source; {@link #copyKeys} re-copies
 * the keys they changed meanwhile (see {@link ChangedKeys}), deleting on the target what is gone from the source.
 */
public final class SessionCopier {

    private final RawMap source;
    private final RawMap target;
    private final int pageSize;

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
        CopyProgress progress = CopyProgress.NONE;
        for (int partition = 0; partition < source.partitionCount(); partition++) {
            RawMap.KeyPage.Cursor cursor = RawMap.KeyPage.Cursor.start();
            while (!cursor.done()) {
                RawMap.KeyPage page = source.keys(partition, cursor, pageSize);
                progress = progress.plus(copyPage(partition, page.keys()));
                cursor = page.next();
                onPage.accept(progress);
            }
        }
        return progress;
    }

    /** Makes the target hold what the source holds for these keys now: copied when present, deleted when gone. */
    public CopyProgress copyKeys(Collection<Data> keys) {
        Map<Integer, List<Data>> byPartition = keys.stream().collect(Collectors.groupingBy(source::partitionOf));
        CopyProgress progress = CopyProgress.NONE;
        for (Map.Entry<Integer, List<Data>> partition : byPartition.entrySet()) {
            progress = progress.plus(copyPage(partition.getKey(), partition.getValue()));
        }
        return progress;
    }

    private CopyProgress copyPage(int partition, List<Data> keys) {
        List<CompletableFuture<Optional<SimpleEntryView<Data, Data>>>> reads = keys.stream().map(source::entry).toList();
        List<SimpleEntryView<Data, Data>> present = new ArrayList<>();
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Optional<SimpleEntryView<Data, Data>> entry = reads.get(i).join();
            if (entry.isPresent()) {
                present.add(entry.get());
            } else {
                deletes.add(target.delete(keys.get(i)));
            }
        }
        if (!present.isEmpty()) {
            target.putAll(partition, present).join();
        }
        deletes.forEach(CompletableFuture::join);
        long bytes = present.stream().mapToLong(entry -> entry.getKey().totalSize() + entry.getValue().totalSize()).sum();
        return new CopyProgress(present.size(), deletes.size(), bytes);
    }
}
