package io.sessioncache.e2e.gate;

import java.time.Duration;

/**
 * One member pod as last seen before some moment: the pod object (uid, readiness, deletion) and its last health answer.
 *
 * @param healthAge how long before that moment the health answer came, or null if none had
 */
public record MemberSample(String name, String uid, boolean ready, boolean terminating, HealthReading health, Duration healthAge) {

    @Override
    public String toString() {
        return "%s %s%s %s%s".formatted(name, ready ? "Ready" : "UNREADY", terminating ? " terminating" : "", health,
                healthAge == null ? "" : " (" + healthAge.toMillis() + " ms before)");
    }
}
