package io.sessioncache.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.api.v1alpha1.UpgradePhase;
import io.sessioncache.operator.api.v1alpha1.UpgradeStatus;
import io.sessioncache.operator.roll.ClusterView;
import io.sessioncache.operator.roll.MemberHealth;
import io.sessioncache.operator.roll.MemberStep;
import io.sessioncache.operator.roll.MemberView;
import io.sessioncache.operator.roll.RestartReason;
import io.sessioncache.operator.roll.StatefulSetState;
import io.sessioncache.operator.upgrade.UpgradeStep;
import io.sessioncache.operator.validation.SpecProblem;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

    private static final MemberStep STEADY = new MemberStep.Steady();
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");
    private static final MemberHealth SAFE = new MemberHealth(true, "ACTIVE", "ACTIVE", true, 0, 3);
    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @Test
    void allMembersReadyAndRolledOutIsReadyAndNotProgressing() {
        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), STEADY, T0);

        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionType.Progressing).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionType.Degraded).getStatus()).isEqualTo("False");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getClusterSafe()).isTrue();
        assertThat(status.getSelector()).isEqualTo("app.kubernetes.io/name=hazelcast,app.kubernetes.io/instance=shop-sessions");
        assertThat(status.getClientConfigMap()).isEqualTo("shop-sessions-client-config");
    }

    @Test
    void fewerMembersThanAskedIsProgressingWithAScalingMessage() {
        cluster.getSpec().setReplicas(4);

        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), new MemberStep.ScaleTo(4, "adding members: 3 to 4"), T0);

        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Scaling");
        assertThat(condition(status, ConditionType.Progressing).getMessage()).isEqualTo("scaling from 3 to 4 members: adding members: 3 to 4");
    }

    @Test
    void outdatedMembersAreReportedAsRolling() {
        ClusterView rolling = view(new StatefulSetState(true, 3, true, 3, 3, 1, "rev-a", "rev-b"), members(3, "5.7.0"));
        MemberStep delete = new MemberStep.Delete("shop-sessions-1", RestartReason.CONFIGURATION_CHANGED, 2, 3);

        SessionClusterStatus status = StatusBuilder.applied(cluster, rolling, delete, T0);

        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Rolling");
        assertThat(condition(status, ConditionType.Progressing).getMessage())
                .isEqualTo("restarting member 2 of 3 (shop-sessions-1): configuration changed");
        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
    }

    @Test
    void theVersionIsWhatTheMembersRunNotWhatTheSpecAsks() {
        cluster.getSpec().setVersion("5.7.0");
        List<MemberView> mixed = List.of(member(0, "5.6.0"), member(1, "5.7.0"), member(2, "5.6.0"));

        SessionClusterStatus status = StatusBuilder.applied(cluster, view(statefulSet(3), mixed), new MemberStep.Wait("w"), T0);

        assertThat(status.getVersion()).isEqualTo("5.6.0, 5.7.0");
        assertThat(status.getDesiredVersion()).isEqualTo("5.7.0");
    }

    /** A replaced member whose new image cannot be pulled runs nothing: the version is what started containers run. */
    @Test
    void aMemberWhoseContainerHasNotStartedDoesNotCountForTheVersion() {
        cluster.getSpec().setVersion("5.7.0");
        MemberView notStarted = member(2, "5.7.0").toBuilder().ready(false).startedAt(null)
                .startFailure("ImagePullBackOff").health(MemberHealth.UNREACHABLE).build();
        List<MemberView> members = List.of(member(0, "5.6.0"), member(1, "5.6.0"), notStarted);

        SessionClusterStatus status = StatusBuilder.applied(cluster, view(statefulSet(3), members), new MemberStep.Wait("w"), T0);

        assertThat(status.getVersion()).isEqualTo("5.6.0");
        assertThat(status.getDesiredVersion()).isEqualTo("5.7.0");
    }

    @Test
    void noVersionIsReportedBeforeAnyMemberRuns() {
        SessionClusterStatus status = StatusBuilder.applied(cluster, ClusterView.nothingYet(T0),
                new MemberStep.ScaleTo(3, "creating 3 members"), T0);

        assertThat(status.getVersion()).isNull();
        assertThat(status.getClusterSafe()).isNull();
        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Creating");
    }

    @Test
    void lastTransitionTimeIsKeptWhileAConditionHoldsItsStatus() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), STEADY, T0));

        SessionClusterStatus later = StatusBuilder.applied(cluster, ready(3), STEADY, T1);

        assertThat(condition(later, ConditionType.Ready).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(later).isEqualTo(cluster.getStatus());
    }

    @Test
    void lastTransitionTimeMovesWhenTheStatusFlips() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), STEADY, T0));

        SessionClusterStatus later = StatusBuilder.applied(cluster, ready(3), new MemberStep.Wait("waiting"), T1);

        assertThat(condition(later, ConditionType.Ready).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void invalidSpecIsDegradedNamesTheFieldAndKeepsReadiness() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), STEADY, T0));
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
    void anUpgradeIsProgressingWhileTheOldSetServesAndStaysRecordedThroughASpecThatCannotBeApplied() {
        UpgradeStatus copying = new UpgradeStatus(UpgradePhase.Copying, "5.6.0", "5.7.0", "c", "c-5-7");

        SessionClusterStatus status = StatusBuilder.upgrading(cluster, ready(3),
                new UpgradeStep.Wait("copying sessions: 12,000 of 20,000"), copying, T0);

        assertThat(condition(status, ConditionType.Ready).getStatus()).as("the old set serves").isEqualTo("True");
        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Upgrading");
        assertThat(condition(status, ConditionType.Progressing).getMessage()).isEqualTo("copying sessions: 12,000 of 20,000");
        assertThat(status.getUpgrade()).isEqualTo(copying);

        cluster.setStatus(status);
        SessionClusterStatus invalid = StatusBuilder.invalid(cluster, ready(3), List.of(new SpecProblem("spec.x", "bad")), T1);
        assertThat(invalid.getUpgrade()).as("resumed once the spec can be applied").isEqualTo(copying);
    }

    @Test
    void aHaltedUpgradeIsDegradedWithItsReason() {
        UpgradeStatus copying = new UpgradeStatus(UpgradePhase.Copying, "5.6.0", "5.7.0", "c", "c-5-7");

        SessionClusterStatus status = StatusBuilder.upgrading(cluster, ready(3),
                new UpgradeStep.Halt("SessionCopyFailed", "the session copy failed"), copying, T0);

        assertThat(condition(status, ConditionType.Degraded).getReason()).isEqualTo("SessionCopyFailed");
        assertThat(condition(status, ConditionType.Progressing).getStatus()).isEqualTo("False");
        assertThat(StatusBuilder.degradedReason(status)).isEqualTo("SessionCopyFailed");
    }

    @Test
    void aHaltedRollIsDegradedWithItsReasonAndStopsProgressing() {
        MemberStep halt = new MemberStep.Halt("ClusterNotSafe", "cluster not safe for more than 600 s");

        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(3), halt, T0);

        assertThat(condition(status, ConditionType.Degraded).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionType.Degraded).getReason()).isEqualTo("ClusterNotSafe");
        assertThat(condition(status, ConditionType.Progressing).getStatus()).isEqualTo("False");
    }

    @Test
    void aHaltThatLastsWritesTheSameStatus() {
        MemberStep halt = new MemberStep.Halt("MemberNotReady", "shop-sessions-2 has not been Ready for more than 300 s");
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), halt, T0));

        assertThat(StatusBuilder.applied(cluster, ready(3), halt, T1)).isEqualTo(cluster.getStatus());
    }

    @Test
    void aScaleDownStepIsReportedAsScaling() {
        cluster.getSpec().setReplicas(2);

        SessionClusterStatus status = StatusBuilder.applied(cluster, ready(5), new MemberStep.ScaleTo(4, "removing one member: 5 to 4"), T0);

        assertThat(condition(status, ConditionType.Progressing).getReason()).isEqualTo("Scaling");
        assertThat(condition(status, ConditionType.Progressing).getMessage()).startsWith("scaling from 5 to 2 members");
        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
    }

    @Test
    void aFailedReconcileIsDegradedWithTheErrorAndKeepsEverythingElse() {
        cluster.setStatus(StatusBuilder.applied(cluster, ready(3), STEADY, T0));

        SessionClusterStatus status = StatusBuilder.failed(cluster, "KubernetesClientException: StatefulSet is invalid", T1);

        assertThat(condition(status, ConditionType.Degraded).getReason()).isEqualTo("ReconcileFailed");
        assertThat(condition(status, ConditionType.Degraded).getMessage()).isEqualTo("KubernetesClientException: StatefulSet is invalid");
        assertThat(condition(status, ConditionType.Ready)).isEqualTo(condition(cluster.getStatus(), ConditionType.Ready));
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getVersion()).isEqualTo("5.7.0");
    }

    private static ClusterView ready(int members) {
        return view(statefulSet(members), members(members, "5.7.0"));
    }

    private static StatefulSetState statefulSet(int members) {
        return new StatefulSetState(true, members, true, members, members, members, "rev-a", "rev-a");
    }

    private static List<MemberView> members(int count, String version) {
        return IntStream.range(0, count).mapToObj(i -> member(i, version)).toList();
    }

    private static MemberView member(int ordinal, String version) {
        return MemberView.builder("shop-sessions-" + ordinal).revision("rev-a").version(version).ready(true)
                .startedAt(T0.minusSeconds(600)).health(SAFE).build();
    }

    private static ClusterView view(StatefulSetState statefulSet, List<MemberView> members) {
        return new ClusterView(statefulSet, members, T0);
    }

    private static Condition condition(SessionClusterStatus status, ConditionType type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }
}
