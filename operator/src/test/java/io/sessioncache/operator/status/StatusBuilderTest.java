package io.sessioncache.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.roll.RestartReason;
import io.sessioncache.operator.roll.RollDecision;
import io.sessioncache.operator.validation.SpecProblem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

    private static final RollDecision STEADY = new RollDecision.Steady();
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");
    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void allMembersReadyAndRolledOutIsReadyAndNotProgressing() {
        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), STEADY, 3, true, T0);

        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionType.Progressing).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionType.Degraded).getStatus()).isEqualTo("False");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getSelector()).isEqualTo("app.kubernetes.io/name=hazelcast,app.kubernetes.io/instance=shop-sessions");
        assertThat(status.getClientConfigMap()).isEqualTo("shop-sessions-client-config");
    }

    @Test
    void fewerMembersThanAskedIsProgressingWithAScalingMessage() {
        cluster.getSpec().setReplicas(4);

        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), STEADY, 4, true, T0);

        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Scaling");
        assertThat(condition(status, ConditionType.Progressing).getMessage()).isEqualTo("scaling from 3 to 4 members");
    }

    @Test
    void outdatedMembersAreReportedAsRolling() {
        ClusterObservation observed = new ClusterObservation(3, 3, 1, "rev-a", "rev-b", true);

        RollDecision restart = new RollDecision.Restart("shop-sessions-1", RestartReason.CONFIGURATION_CHANGED, 2, 3);

        SessionClusterStatus status = StatusBuilder.applied(cluster, observed, restart, 3, true, T0);

        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Rolling");
        assertThat(condition(status, ConditionType.Progressing).getMessage())
                .isEqualTo("restarting member 2 of 3 (shop-sessions-1): configuration changed");
        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
    }

    @Test
    void lastTransitionTimeIsKeptWhileAConditionHoldsItsStatus() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), STEADY, 3, true, T0));

        SessionClusterStatus later = StatusBuilder.applied(cluster, ready(3), STEADY, 3, true, T1);

        assertThat(condition(later, ConditionType.Ready).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(later).isEqualTo(cluster.getStatus());
    }

    @Test
    void lastTransitionTimeMovesWhenTheStatusFlips() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), STEADY, 3, true, T0));

        SessionClusterStatus later = StatusBuilder.applied(cluster, ready(2), new RollDecision.Wait("waiting"), 3, true, T1);

        assertThat(condition(later, ConditionType.Ready).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void invalidSpecIsDegradedNamesTheFieldAndKeepsReadiness() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), STEADY, 3, true, T0));
        cluster.getMetadata().setGeneration(2L);

        SessionClusterStatus status = StatusBuilder.invalid(cluster, ready(3),
                List.of(new SpecProblem("spec.sessions.backupCount", "too many")), T1);

        Condition degraded = condition(status, ConditionType.Degraded);
        assertThat(degraded.getStatus()).isEqualTo("True");
        assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
        assertThat(degraded.getMessage()).isEqualTo("spec.sessions.backupCount: too many");
        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("True");
        assertThat(status.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void aHaltedRollIsDegradedWithItsReasonAndStopsProgressing() {
        RollDecision halt = new RollDecision.Halt("ClusterNotSafe", "cluster not safe 600 s after its last member became ready");

        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), halt, 3, false, T0);

        assertThat(condition(status, ConditionType.Degraded).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionType.Degraded).getReason()).isEqualTo("ClusterNotSafe");
        assertThat(condition(status, ConditionType.Progressing).getStatus()).isEqualTo("False");
        assertThat(status.getClusterSafe()).isFalse();
    }

    @Test
    void aScaleDownStepIsReportedAsScaling() {
        cluster.getSpec().setReplicas(2);

        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(5), STEADY, 4, true, T0);

        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Scaling");
        assertThat(condition(status, ConditionType.Progressing).getMessage()).startsWith("scaling from 5 to 2 members");
        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
    }

    private static ClusterObservation ready(int members) {
        return new ClusterObservation(members, members, members, "rev-a", "rev-a", true);
    }

    private static Condition condition(SessionClusterStatus status, ConditionType type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }
}
