package io.sessioncache.e2e.gate;

/** One member pod as a sampling round saw it: the pod object (uid, readiness, deletion) and its health answer. */
public record MemberSample(String name, String uid, boolean ready, boolean terminating, HealthReading health) {

    @Override
    public String toString() {
        return "%s %s%s %s".formatted(name, ready ? "Ready" : "UNREADY", terminating ? " terminating" : "", health);
    }
}
