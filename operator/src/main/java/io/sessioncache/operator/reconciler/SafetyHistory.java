package io.sessioncache.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when each cluster has been safe, or not safe, without a break, as this operator process saw it. Kept in memory
 * only: after a restart every clock starts again, which delays a halt or a removal, never hastens one.
 */
final class SafetyHistory {

    private final Map<ResourceID, Safety> seen = new ConcurrentHashMap<>();

    /** Records what was seen {@code now} and returns since when the cluster has been so. */
    Instant saw(ResourceID cluster, boolean safe, Instant now) {
        return seen.merge(cluster, new Safety(safe, now), (before, current) -> before.safe() == current.safe() ? before : current)
                .since();
    }

    void forget(ResourceID cluster) {
        seen.remove(cluster);
    }

    private record Safety(boolean safe, Instant since) {
    }
}
