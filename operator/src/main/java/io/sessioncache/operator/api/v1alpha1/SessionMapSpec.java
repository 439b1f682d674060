package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.backupCount + self.asyncBackupCount <= 6",
        message = "backupCount + asyncBackupCount must not exceed 6")
@ValidationRule(value = "self.inMemoryFormat != 'OBJECT' || !(self.eviction.maxSizePolicy in ['USED_HEAP_SIZE', 'USED_HEAP_PERCENTAGE'])",
        message = "Hazelcast cannot measure the heap of OBJECT sessions, so USED_HEAP_* would never evict: "
                + "with inMemoryFormat OBJECT choose eviction.maxSizePolicy FREE_HEAP_PERCENTAGE, FREE_HEAP_SIZE or PER_NODE")
public class SessionMapSpec {

    @Pattern("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
    @Default("sessions")
    @ValidationRule(value = "self == oldSelf", message = "mapName is immutable: renaming the map would orphan every stored session")
    @JsonPropertyDescription("Name of the Hazelcast map that stores the sessions (Spring Session's default is spring:session:sessions). Immutable.")
    private String mapName = "sessions";

    @Default("None")
    @JsonPropertyDescription("The web-session library the applications use as clients: SpringSession (spring-session-hazelcast 3.5) "
            + "or HazelcastWebFilter (hazelcast-wm 5.0). The members get the framework's classes (see extensions) and settings: "
            + "for SpringSession the principalName attribute and its index and the MapSession serializer, also published in the client configuration.")
    private SessionFramework framework = SessionFramework.None;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @Default("1800")
    @JsonPropertyDescription("A session not read or written for this long expires (0: never).")
    private int maxIdleSeconds = 1800;

    @Min(0)
    @Max(Integer.MAX_VALUE)
    @Default("0")
    @JsonPropertyDescription("A session expires this long after its last write, whatever its use (0: never).")
    private int timeToLiveSeconds = 0;

    @Min(0)
    @Max(6)
    @Default("1")
    @JsonPropertyDescription("Synchronous backups of each session: a write returns once they are stored.")
    private int backupCount = 1;

    @Min(0)
    @Max(6)
    @Default("0")
    @JsonPropertyDescription("Asynchronous backups of each session.")
    private int asyncBackupCount = 0;

    @Default("false")
    @JsonPropertyDescription("Let a member answer reads from its backup copies (faster, possibly stale).")
    private boolean readBackupData = false;

    @Default("BINARY")
    @JsonPropertyDescription("How members store sessions: BINARY (serialized) or OBJECT (deserialized).")
    private MapInMemoryFormat inMemoryFormat = MapInMemoryFormat.BINARY;

    @Default("{}")
    @JsonPropertyDescription("What happens when a member holds too many sessions.")
    private MapEvictionSpec eviction = new MapEvictionSpec();

    @Default("LatestUpdateMergePolicy")
    @JsonPropertyDescription("Which copy of a session survives when a split cluster heals and both sides hold it. "
            + "LatestUpdateMergePolicy: the copy written last (the user's newest change wins). "
            + "LatestAccessMergePolicy: the copy read or written last. "
            + "PutIfAbsentMergePolicy: the larger side's copy; sessions only the smaller side had are added. "
            + "PassThroughMergePolicy: the smaller side's copy overwrites the larger side's. "
            + "HigherHitsMergePolicy: the copy used more often.")
    private SessionMergePolicy mergePolicy = SessionMergePolicy.LatestUpdateMergePolicy;

    public String getMapName() {
        return mapName;
    }

    public void setMapName(String mapName) {
        this.mapName = mapName;
    }

    public SessionFramework getFramework() {
        return framework;
    }

    public void setFramework(SessionFramework framework) {
        this.framework = framework;
    }

    public int getMaxIdleSeconds() {
        return maxIdleSeconds;
    }

    public void setMaxIdleSeconds(int maxIdleSeconds) {
        this.maxIdleSeconds = maxIdleSeconds;
    }

    public int getTimeToLiveSeconds() {
        return timeToLiveSeconds;
    }

    public void setTimeToLiveSeconds(int timeToLiveSeconds) {
        this.timeToLiveSeconds = timeToLiveSeconds;
    }

    public int getBackupCount() {
        return backupCount;
    }

    public void setBackupCount(int backupCount) {
        this.backupCount = backupCount;
    }

    public int getAsyncBackupCount() {
        return asyncBackupCount;
    }

    public void setAsyncBackupCount(int asyncBackupCount) {
        this.asyncBackupCount = asyncBackupCount;
    }

    public boolean isReadBackupData() {
        return readBackupData;
    }

    public void setReadBackupData(boolean readBackupData) {
        this.readBackupData = readBackupData;
    }

    public MapInMemoryFormat getInMemoryFormat() {
        return inMemoryFormat;
    }

    public void setInMemoryFormat(MapInMemoryFormat inMemoryFormat) {
        this.inMemoryFormat = inMemoryFormat;
    }

    public MapEvictionSpec getEviction() {
        return eviction;
    }

    public void setEviction(MapEvictionSpec eviction) {
        this.eviction = eviction;
    }

    public SessionMergePolicy getMergePolicy() {
        return mergePolicy;
    }

    public void setMergePolicy(SessionMergePolicy mergePolicy) {
        this.mergePolicy = mergePolicy;
    }

    /** Total copies besides the primary; each needs a member of its own. */
    public int totalBackups() {
        return backupCount + asyncBackupCount;
    }

    public enum MapInMemoryFormat {
        BINARY,
        OBJECT
    }
}
