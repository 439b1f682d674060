package io.sessioncache.e2e.gate;

import java.time.Instant;

/** What a member pod's /hazelcast/health answered, received at {@code at}. */
public record HealthSample(Instant at, String uid, HealthReading reading) {
}
