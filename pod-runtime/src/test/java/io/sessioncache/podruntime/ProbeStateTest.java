package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeStateTest {

    @Test
    void failsOnlyAfterFailureThresholdConsecutiveFailures() {
        ProbeState liveness = new ProbeState(1, 3, true);
        assertThat(liveness.record(false)).isTrue();
        assertThat(liveness.record(false)).isTrue();
        assertThat(liveness.record(true)).isTrue();
        assertThat(liveness.record(false)).isTrue();
        assertThat(liveness.record(false)).isTrue();
        assertThat(liveness.record(false)).isFalse();
    }

    @Test
    void passesAfterSuccessThresholdConsecutiveSuccesses() {
        ProbeState readiness = new ProbeState(2, 3, false);
        assertThat(readiness.record(true)).isFalse();
        assertThat(readiness.record(true)).isTrue();
    }
}
