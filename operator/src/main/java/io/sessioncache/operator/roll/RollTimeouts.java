package io.sessioncache.operator.roll;

import java.time.Duration;

/** How long the roller waits before it halts: for a restarted member to be Ready, and for the cluster to be safe. */
public record RollTimeouts(Duration memberReady, Duration clusterSafe) {

    public static final RollTimeouts DEFAULT = new RollTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(10));
}
