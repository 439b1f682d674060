package io.sessioncache.podruntime;

import java.time.Instant;

/**
 * What the runtime knows of one container, in the kubelet's terms: waiting (with a reason), running, or terminated,
 * plus the last termination and the restart count.
 */
public record ContainerRecord(State state, String reason, String message, Instant startedAt, Integer exitCode,
                              Instant finishedAt, ContainerRecord lastTermination, int restartCount, boolean ready,
                              String imageId) {

    public enum State { WAITING, RUNNING, TERMINATED }

    public static ContainerRecord waiting(String reason, String message, ContainerRecord previous) {
        return new ContainerRecord(State.WAITING, reason, message, null, null, null,
                previous == null ? null : previous.lastTermination(), previous == null ? 0 : previous.restartCount(), false,
                previous == null ? null : previous.imageId());
    }

    public ContainerRecord running(Instant startedAt, String imageId) {
        return new ContainerRecord(State.RUNNING, null, null, startedAt, null, null, lastTermination, restartCount, false, imageId);
    }

    public ContainerRecord terminated(int code, String reason, Instant finishedAt) {
        ContainerRecord done = new ContainerRecord(State.TERMINATED, reason, null, startedAt, code, finishedAt, null,
                restartCount, false, imageId);
        return new ContainerRecord(State.TERMINATED, reason, null, startedAt, code, finishedAt, done, restartCount, false, imageId);
    }

    /** Waiting to be started again after a termination: CrashLoopBackOff, as the kubelet says. */
    public ContainerRecord backingOff(String message) {
        return new ContainerRecord(State.WAITING, "CrashLoopBackOff", message, null, null, null, lastTermination,
                restartCount, false, imageId);
    }

    public ContainerRecord restarted() {
        return new ContainerRecord(state, reason, message, startedAt, exitCode, finishedAt, lastTermination, restartCount + 1,
                false, imageId);
    }

    public ContainerRecord withReady(boolean isReady) {
        return new ContainerRecord(state, reason, message, startedAt, exitCode, finishedAt, lastTermination, restartCount,
                isReady && state == State.RUNNING, imageId);
    }
}
