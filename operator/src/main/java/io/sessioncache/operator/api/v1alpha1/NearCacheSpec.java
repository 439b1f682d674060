package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Client-side near cache of the session map, off unless asked for; applications receive it through the client
 * configuration. There is no cache-local-entries: Hazelcast clients reject it, as it only applies to a near cache
 * inside a member. Members send every invalidation at once (Hazelcast batches them by default, up to 10 s late), which is what bounds staleness.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NearCacheSpec {

    @Default("false")
    @JsonPropertyDescription("Publish a near cache for the session map in the client configuration. Off by default: "
            + "behind a load balancer without sticky sessions a replica that reads a session from its near cache just "
            + "after another replica changed it saves the old session over the new one, and while members restart or "
            + "partitions move such stale reads last longer (a web app lost cart updates during a roll with it on, none "
            + "with it off). Turn it on when requests are sticky, or sessions are read far more often than written and "
            + "such a lost update is acceptable. Members send each invalidation at once (p99 a few ms, idle and under "
            + "load); a client that missed invalidations drops what they concerned within 30 s.")
    private boolean enabled = false;

    @Default("OBJECT")
    @JsonPropertyDescription("How the client keeps cached sessions: OBJECT (deserialized, fastest reads) or BINARY.")
    private NearCacheInMemoryFormat inMemoryFormat = NearCacheInMemoryFormat.OBJECT;

    @Default("true")
    @JsonPropertyDescription("Drop a cached session when it changes on the cluster. Leave on for sessions: off, a client "
            + "reads its cached copy until timeToLiveSeconds or maxIdleSeconds drops it, whatever other replicas wrote.")
    private boolean invalidateOnChange = true;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @Default("0")
    @JsonPropertyDescription("A cached session is dropped this long after it was cached (0: never).")
    private int timeToLiveSeconds = 0;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @Default("300")
    @JsonPropertyDescription("A cached session not read for this long is dropped (0: never).")
    private int maxIdleSeconds = 300;

    @Default("{}")
    @JsonPropertyDescription("How many sessions the client keeps.")
    private NearCacheEvictionSpec eviction = new NearCacheEvictionSpec();

    @Default("INVALIDATE")
    @JsonPropertyDescription("After a local write: INVALIDATE drops the cached copy, CACHE_ON_UPDATE keeps the written value.")
    private LocalUpdatePolicy localUpdatePolicy = LocalUpdatePolicy.INVALIDATE;

    @Default("false")
    @JsonPropertyDescription("Store the cached keys on the client's disk and reload them on start.")
    private boolean preload = false;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public NearCacheInMemoryFormat getInMemoryFormat() {
        return inMemoryFormat;
    }

    public void setInMemoryFormat(NearCacheInMemoryFormat inMemoryFormat) {
        this.inMemoryFormat = inMemoryFormat;
    }

    public boolean isInvalidateOnChange() {
        return invalidateOnChange;
    }

    public void setInvalidateOnChange(boolean invalidateOnChange) {
        this.invalidateOnChange = invalidateOnChange;
    }

    public int getTimeToLiveSeconds() {
        return timeToLiveSeconds;
    }

    public void setTimeToLiveSeconds(int timeToLiveSeconds) {
        this.timeToLiveSeconds = timeToLiveSeconds;
    }

    public int getMaxIdleSeconds() {
        return maxIdleSeconds;
    }

    public void setMaxIdleSeconds(int maxIdleSeconds) {
        this.maxIdleSeconds = maxIdleSeconds;
    }

    public NearCacheEvictionSpec getEviction() {
        return eviction;
    }

    public void setEviction(NearCacheEvictionSpec eviction) {
        this.eviction = eviction;
    }

    public LocalUpdatePolicy getLocalUpdatePolicy() {
        return localUpdatePolicy;
    }

    public void setLocalUpdatePolicy(LocalUpdatePolicy localUpdatePolicy) {
        this.localUpdatePolicy = localUpdatePolicy;
    }

    public boolean isPreload() {
        return preload;
    }

    public void setPreload(boolean preload) {
        this.preload = preload;
    }

    public enum NearCacheInMemoryFormat {
        BINARY,
        OBJECT
    }

    public enum LocalUpdatePolicy {
        INVALIDATE,
        CACHE_ON_UPDATE
    }
}
