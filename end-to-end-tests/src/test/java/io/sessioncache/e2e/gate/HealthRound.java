package io.sessioncache.e2e.gate;

import java.time.Instant;
import java.util.Map;

/** Every member pod of a cluster and its health, read between {@code started} and {@code finished}. */
public record HealthRound(Instant started, Instant finished, Map<String, MemberSample> members) {
}
