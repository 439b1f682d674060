package io.sessioncache.member;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.util.HashUtil;
import com.hazelcast.query.impl.QueryableEntry;
import java.util.Map;

/**
 * One checksum per partition of a map's entries, computed on the members from the entries' bytes: what lets an
 * upgrade's last pass find the few partitions that still differ between two member sets without reading every
 * session over the network while the old set is fenced. Order does not matter (a sum of per-entry hashes), and no
 * value is deserialised, so it needs none of the application's classes.
 *
 * <p>Computed on both member sets, a partition whose sums agree holds the same keys with the same bytes on both, up to
 * a 64-bit hash collision; the two sets must have the same partition count.
 */
public final class PartitionChecksums implements Aggregator<Map.Entry<Object, Object>, long[]> {

    private static final long serialVersionUID = 1L;

    private final long[] sums;

    public PartitionChecksums(int partitionCount) {
        this.sums = new long[partitionCount];
    }

    /** The partition a key's bytes belong to, as members and clients compute it. */
    private static int partitionOf(Data key, int partitionCount) {
        return HashUtil.hashToIndex(key.getPartitionHash(), partitionCount);
    }

    /** One entry's share of its partition's sum, from the 64-bit hashes of its key's and its value's bytes. */
    private static long ofEntry(long keyHash, long valueHash) {
        return HashUtil.MurmurHash3_fmix(keyHash * 0x9E3779B97F4A7C15L + valueHash);
    }

    @Override
    public void accumulate(Map.Entry<Object, Object> entry) {
        QueryableEntry<?, ?> stored = (QueryableEntry<?, ?>) entry;
        Data key = stored.getKeyData();
        sums[partitionOf(key, sums.length)] += ofEntry(key.hash64(), stored.getValueData().hash64());
    }

    @Override
    public void combine(Aggregator aggregator) {
        long[] other = ((PartitionChecksums) aggregator).sums;
        for (int partition = 0; partition < sums.length; partition++) {
            sums[partition] += other[partition];
        }
    }

    @Override
    public long[] aggregate() {
        return sums.clone();
    }
}
