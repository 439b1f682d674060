package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Client-side near cache of the session map; applications receive it through the client configuration. There is no
 * cache-local-entries: Hazelcast clients reject it, as it only applies to a near cache inside a member. Members send
 * every invalidation at once (Hazelcast batches them by default, up to 10 s late), which is what bounds staleness.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NearCacheSpec {

    @Default("true")
    @JsonPropertyDescription("Publish a near cache for the session map in the client configuration. Members send each "
            + "invalidation at once, not batched: a session one client updates is read by every other client within "
            + "100 ms (measured p99 a few ms, idle and under load), but not instantly, so a read racing another "
            + "replica's write can return the previous value. A client that missed invalidations (a broken "
            + "connection) drops what they concerned within 30 s. Turn it off when replicas without sticky sessions "
            + "must never read a session older than the last acknowledged write: every read then asks the members.")
    private boolean enabled = true;

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
