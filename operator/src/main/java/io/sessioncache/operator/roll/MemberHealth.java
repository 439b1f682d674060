package io.sessioncache.operator.roll;

/**
 * What one member says about itself and its cluster on /hazelcast/health. {@link #UNREACHABLE} when it did not answer.
 */
public record MemberHealth(boolean reachable, String nodeState, boolean clusterSafe, int migrationQueueSize, int clusterSize) {

    public static final MemberHealth UNREACHABLE = new MemberHealth(false, "UNKNOWN", false, -1, -1);

    public static MemberHealth active(boolean clusterSafe, int clusterSize) {
        return new MemberHealth(true, "ACTIVE", clusterSafe, clusterSafe ? 0 : 1, clusterSize);
    }

    /** Safe to take a member away: answering, active, no migration running and every backup in sync. */
    public boolean safe() {
        return reachable && "ACTIVE".equals(nodeState) && clusterSafe && migrationQueueSize == 0;
    }
}
