package io.sessioncache.operator.roll;

/**
 * How many members the StatefulSet should have now. Scale-up goes straight to the spec (the StatefulSet adds members
 * one by one, each Ready before the next); scale-down removes one member at a time, only from a safe cluster, and before
 * any pending restart, so members about to go are not restarted first.
 */
public final class ScalePlanner {

    private ScalePlanner() {
    }

    /**
     * @param current the StatefulSet's replicas now, or null before it exists
     * @param decision the roller's view of the cluster at {@code current} members
     */
    public static int statefulSetReplicas(int desired, Integer current, RollDecision decision) {
        if (current == null || desired >= current) {
            return desired;
        }
        return safeToRemoveOne(decision) ? current - 1 : current;
    }

    /** Every member Ready and safe: true when the roller is steady, or about to restart a healthy member. */
    static boolean safeToRemoveOne(RollDecision decision) {
        return decision instanceof RollDecision.Steady
                || decision instanceof RollDecision.Restart restart && restart.reason() != RestartReason.UNREADY;
    }
}
