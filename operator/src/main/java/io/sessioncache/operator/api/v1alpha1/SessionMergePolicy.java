package io.sessioncache.operator.api.v1alpha1;

/**
 * How the session map is merged after a split brain heals, as Hazelcast Community Edition names its policies. Each
 * decides, key by key, between the copy in the larger cluster (kept) and the one from the smaller cluster (merging).
 */
public enum SessionMergePolicy {
    /** The copy written last wins: the newest write of a session, whichever side took it. */
    LatestUpdateMergePolicy(true),
    /** The copy read or written last wins: the side the user was last served by, even if it only read. */
    LatestAccessMergePolicy(true),
    /** The larger cluster's copy wins; sessions only the smaller side had are added. */
    PutIfAbsentMergePolicy(false),
    /** The smaller cluster's copy wins, overwriting what the larger side holds. */
    PassThroughMergePolicy(false),
    /** The copy read or written more often wins. */
    HigherHitsMergePolicy(true);

    private static final String PACKAGE = "com.hazelcast.spi.merge.";

    private final boolean needsPerEntryStats;

    SessionMergePolicy(boolean needsPerEntryStats) {
        this.needsPerEntryStats = needsPerEntryStats;
    }

    /** The class Hazelcast loads for this policy. */
    public String className() {
        return PACKAGE + name();
    }

    /**
     * Whether the policy compares update times, access times or hits: Hazelcast refuses to create the map with such a
     * policy unless it keeps those per-entry statistics.
     */
    public boolean needsPerEntryStats() {
        return needsPerEntryStats;
    }
}
