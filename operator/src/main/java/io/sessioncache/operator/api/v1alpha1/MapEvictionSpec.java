package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MapEvictionSpec {

    @Default("LRU")
    @JsonPropertyDescription("Which sessions go first when the limit is reached. NONE never evicts.")
    private EvictionPolicy policy = EvictionPolicy.LRU;

    @Default("PER_NODE")
    @JsonPropertyDescription("What 'size' limits: entries per member (PER_NODE), per partition (PER_PARTITION), or heap used by the map (USED_HEAP_SIZE in MB, USED_HEAP_PERCENTAGE) or heap left free (FREE_HEAP_SIZE in MB, FREE_HEAP_PERCENTAGE).")
    private MaxSizePolicy maxSizePolicy = MaxSizePolicy.PER_NODE;

    @Min(1)
    @Max(Integer.MAX_VALUE)
    @Default("1000000")
    @JsonPropertyDescription("The limit, in the unit of maxSizePolicy.")
    private int size = 1_000_000;

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
