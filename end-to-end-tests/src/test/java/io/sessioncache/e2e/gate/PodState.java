package io.sessioncache.e2e.gate;

import java.time.Instant;

/**
 * A member pod as a watch reported it at {@code at}: a new state on every change, {@code deleted} once it is gone.
 *
 * @param version the pod's resourceVersion as a number (0 when unknown): where the API server put the change in its order
 */
public record PodState(Instant at, long version, String name, String uid, boolean ready, boolean terminating, boolean deleted) {
}
