package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NearCacheEvictionSpec {

    @Default("LRU")
    @JsonPropertyDescription("Which cached sessions go first when the client's near cache is full.")
    private EvictionPolicy policy = EvictionPolicy.LRU;

    @Default("ENTRY_COUNT")
    @JsonPropertyDescription("What 'size' limits. An on-heap near cache supports ENTRY_COUNT only.")
    private MaxSizePolicy maxSizePolicy = MaxSizePolicy.ENTRY_COUNT;

    @Min(1)
    @Max(Integer.MAX_VALUE)
    @Default("10000")
    @JsonPropertyDescription("Most sessions a client keeps in its near cache.")
    private int size = 10_000;

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
        ENTRY_COUNT
    }
}
