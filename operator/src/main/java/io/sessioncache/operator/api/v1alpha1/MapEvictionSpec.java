package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The session map's size limit. The default bounds the heap the sessions take, not their number: a count cannot keep
 * a member of any memory size alive, whatever size its sessions are.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(self.maxSizePolicy in ['USED_HEAP_PERCENTAGE', 'FREE_HEAP_PERCENTAGE']) || self.size <= 100",
        message = "a percentage size must be at most 100")
public class MapEvictionSpec {

    /**
     * Share of the heap the session map may take on a member, backups included. Measured on 512Mi members (heap 384
     * MiB) filled with twice their memory in 4 KiB sessions: the map's estimated cost stays at 153 MiB, the heap after a
     * full collection at 170 MiB (180 MiB with 1 KiB sessions). Members that take over the partitions of one that
     * shuts down (their share grows by N/(N-1)) evict on arrival and stay at the same heap (172-174 MiB, 3 -> 2
     * members). The rest is Hazelcast's own, garbage between collections, and the client and migration buffers.
     */
    public static final int DEFAULT_HEAP_PERCENTAGE = 40;

    @Default("LRU")
    @JsonPropertyDescription("Which sessions go first when the limit is reached. NONE never evicts.")
    private EvictionPolicy policy = EvictionPolicy.LRU;

    @Default("USED_HEAP_PERCENTAGE")
    @JsonPropertyDescription("What 'size' limits: the heap the session map takes on a member, backups included "
            + "(USED_HEAP_PERCENTAGE of the heap, USED_HEAP_SIZE in MB; BINARY only: Hazelcast cannot measure OBJECT entries), "
            + "the heap left free on a member (FREE_HEAP_PERCENTAGE, FREE_HEAP_SIZE in MB; counts garbage not yet collected "
            + "as used), or entries per member (PER_NODE) or per partition (PER_PARTITION), which cannot protect a member "
            + "from sessions larger than planned.")
    private MaxSizePolicy maxSizePolicy = MaxSizePolicy.USED_HEAP_PERCENTAGE;

    @Min(1)
    @Max(Integer.MAX_VALUE)
    @Default("40")
    @JsonPropertyDescription("The limit, in the unit of maxSizePolicy. The default, 40% of the heap, leaves the rest to "
            + "Hazelcast, garbage between collections and the migration a member's shutdown causes: the members taking over "
            + "its sessions (their share grows by N/(N-1)) evict what does not fit.")
    private int size = DEFAULT_HEAP_PERCENTAGE;

    public EvictionPolicy getPolicy() {
        return policy;
    }

    public void setPolicy(EvictionPolicy policy) {
        this.policy = policy;
    }

    public MaxSizePolicy getMaxSizePolicy() {
        return maxSizePolicy;
    }

    public void setMaxSizePolicy(MaxSizePolicy maxSizePolicy) {
        this.maxSizePolicy = maxSizePolicy;
    }

    public int getSize() {
        return size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    public enum MaxSizePolicy {
        PER_NODE,
        PER_PARTITION,
        USED_HEAP_SIZE,
        USED_HEAP_PERCENTAGE,
        FREE_HEAP_SIZE,
        FREE_HEAP_PERCENTAGE
    }
}
