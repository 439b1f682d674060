package io.sessioncache.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionClusterStatus;
import io.sessioncache.operator.roll.MemberStep;
import io.sessioncache.operator.status.StatusBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NextLookTest {

    private static final SessionClusterStatus STEADY = new SessionClusterStatus();
    private static final SessionClusterStatus DEGRADED = StatusBuilder.failed(SessionClusters.named("shop"), "boom", Instant.EPOCH);

    @Test
    void aWaitingStepIsLookedAtAgainWithinHalfASecondSinceMigrationsEndWithoutAnEvent() {
        assertThat(SessionClusterReconciler.nextLook(STEADY, new MemberStep.Wait("waiting for the cluster to be safe"), false))
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aWaitingStepThatKnowsWhenIsLookedAtThen() {
        assertThat(SessionClusterReconciler.nextLook(STEADY, new MemberStep.Wait("settling", Duration.ofMillis(700)), false))
                .isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aHaltedOrFailedClusterIsLookedAtEveryTwoSecondsAndASteadyOneEveryTwoMinutes() {
        assertThat(SessionClusterReconciler.nextLook(DEGRADED, new MemberStep.Halt("ClusterNotSafe", "not safe"), false))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(SessionClusterReconciler.nextLook(STEADY, new MemberStep.Steady(), true)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aHaltThatKnowsWhenIsLookedAtThen() {
        MemberStep halt = new MemberStep.Halt("MemberNotReady", "shop-0 has not been Ready", Duration.ofSeconds(5));

        assertThat(SessionClusterReconciler.nextLook(DEGRADED, halt, false)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSteadyClusterNotYetSafeLongEnoughToOpenItsDisruptionBudgetIsLookedAtSoon() {
        assertThat(SessionClusterReconciler.nextLook(STEADY, new MemberStep.Steady(), false)).isEqualTo(Duration.ofMillis(500));
    }
}
