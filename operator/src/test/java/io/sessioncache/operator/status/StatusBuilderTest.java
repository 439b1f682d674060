package io.sessioncache.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.validation.SpecProblem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");
    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void allMembersReadyAndRolledOutIsReadyAndNotProgressing() {
        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), T0);

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

        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), T0);

        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Scaling");
        assertThat(condition(status, ConditionType.Progressing).getMessage()).isEqualTo("scaling from 3 to 4 members");
    }

    @Test
    void outdatedMembersAreReportedAsRolling() {
        ClusterObservation observed = new ClusterObservation(3, 3, 1, "rev-a", "rev-b", true);

        SessionClusterStatus status = StatusBuilder.applied(cluster, observed, T0);

        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Rolling");
        assertThat(condition(status, ConditionType.Progressing).getMessage()).isEqualTo("1 of 3 members up to date");
    }

    @Test
    void lastTransitionTimeIsKeptWhileAConditionHoldsItsStatus() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), T0));

        SessionClusterStatus later = StatusBuilder.applied(cluster, ready(3), T1);

        assertThat(condition(later, ConditionType.Ready).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(later).isEqualTo(cluster.getStatus());
    }

    @Test
    void lastTransitionTimeMovesWhenTheStatusFlips() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), T0));

        SessionClusterStatus later = StatusBuilder.applied(cluster, ready(2), T1);

        assertThat(condition(later, ConditionType.Ready).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void invalidSpecIsDegradedNamesTheFieldAndKeepsReadiness() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), T0));
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

    private static ClusterObservation ready(int members) {
        return new ClusterObservation(members, members, members, "rev-a", "rev-a", true);
    }

    private static Condition condition(SessionClusterStatus status, ConditionType type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }
}
