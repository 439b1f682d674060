package io.sessioncache.e2e.gate;

import java.time.Instant;

/** A member pod as a watch reported it at {@code at}: a new state on every change, {@code deleted} once it is gone. */
public record PodState(Instant at, String name, String uid, boolean ready, boolean terminating, boolean deleted) {
}
