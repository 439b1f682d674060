package io.sessioncache.operator.roll;

/**
 * What one member says about itself and its cluster on /hazelcast/health. {@link #UNREACHABLE} when it did not answer.
 *
 * @param nodeState    this member's state: ACTIVE, PASSIVE while it shuts down, SHUT_DOWN
 * @param clusterState the cluster's state: only ACTIVE lets a leaving member hand its partitions over (FROZEN,
 *                     PASSIVE and NO_MIGRATION forbid migrations, yet the cluster may still report itself safe)
 */
public record MemberHealth(boolean reachable, String nodeState, String clusterState, boolean clusterSafe,
                           int migrationQueueSize, int clusterSize) {

    public static final String ACTIVE = "ACTIVE";
    public static final MemberHealth UNREACHABLE = new MemberHealth(false, "UNKNOWN", "UNKNOWN", false, -1, -1);

    /** Safe to take a member away: answering, member and cluster ACTIVE, no migration running, every backup in sync. */
    public boolean safe() {
        return reachable && ACTIVE.equals(nodeState) && ACTIVE.equals(clusterState) && clusterSafe && migrationQueueSize == 0;
    }

    /** Why this member does not call the cluster safe, in words; empty when it does. */
    String unsafeBecause() {
        if (!reachable) {
            return "does not answer";
        }
        if (!ACTIVE.equals(nodeState)) {
            return "is " + nodeState;
        }
        if (!ACTIVE.equals(clusterState)) {
            return "reports cluster state " + clusterState + " (migrations are not allowed)";
        }
        if (migrationQueueSize > 0) {
            return "has migrations queued";
        }
        return clusterSafe ? "" : "reports backups not in sync";
    }
}
