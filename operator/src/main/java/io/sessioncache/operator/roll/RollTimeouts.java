package io.sessioncache.operator.roll;

import java.time.Duration;

/**
 * How long the roller waits: before it halts, for a restarted member to be Ready and for the cluster to be safe; and
 * how long the cluster must have stayed safe before a member goes.
 *
 * @param clusterSafeSettle safety answers change within milliseconds as a migration ends; a removal decided on the
 *                          first safe answer acts on a state that may be gone, so the cluster must stay safe this long
 */
public record RollTimeouts(Duration memberReady, Duration clusterSafe, Duration clusterSafeSettle) {

    public static final RollTimeouts DEFAULT = new RollTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(1));
}
