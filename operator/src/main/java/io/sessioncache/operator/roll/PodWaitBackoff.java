package io.sessioncache.operator.roll;

import java.time.Duration;

/**
 * How soon to look again at a cluster whose step waits on one member's own pod: to be scheduled, to start, to become
 * Ready. Each of those changes is a pod event that wakes the reconciler at once, so a timed look only has to catch what
 * raises no event (the member-ready timeout, status.clusterSafe going stale). A wait of a few seconds (a member starting)
 * is looked at as often as any step in flight; one that has lasted (a pod that cannot be scheduled) is looked at less
 * and less often, which is what a few hundred such clusters cost the operator.
 */
public final class PodWaitBackoff {

    /** The shortest interval: as often as any step in flight, while the wait is young. */
    public static final Duration SHORTEST = Duration.ofMillis(500);
    /** The longest interval: how late a member-ready timeout may halt, and how stale clusterSafe may be. */
    public static final Duration LONGEST = Duration.ofSeconds(5);
    /** Look again after this share of the time waited so far: looks thin out as a wait lasts. */
    private static final int FRACTION = 10;

    private PodWaitBackoff() {
    }

    /** A tenth of how long the member has waited, at least {@link #SHORTEST} and at most {@link #LONGEST}. */
    public static Duration after(Duration waited) {
        Duration interval = waited.dividedBy(FRACTION);
        if (interval.compareTo(SHORTEST) < 0) {
            return SHORTEST;
        }
        return interval.compareTo(LONGEST) > 0 ? LONGEST : interval;
    }
}
