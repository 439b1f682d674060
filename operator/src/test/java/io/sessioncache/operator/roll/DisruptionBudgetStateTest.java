package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisruptionBudgetStateTest {

    @Test
    void anOpenBudgetLetsADrainEvict() {
        DisruptionBudgetState state = DisruptionBudgetState.of(Optional.of(budget(1, 4, 4, 1, Map.of())));

        assertThat(state).isEqualTo(new DisruptionBudgetState(true, false));
    }

    @Test
    void aClosedBudgetHoldsEvictionsOnceTheDisruptionControllerHasSeenIt() {
        assertThat(DisruptionBudgetState.of(Optional.of(budget(0, 5, 5, 0, Map.of()))).closedForEvictions()).isTrue();
    }

    @Test
    void aClosingWriteNotYetSeenByTheDisruptionControllerDoesNotCount() {
        assertThat(DisruptionBudgetState.of(Optional.of(budget(0, 5, 4, 1, Map.of()))).closedForEvictions()).isFalse();
    }

    @Test
    void anEvictionStillUnderWayDoesNotCount() {
        PodDisruptionBudget evicting = budget(0, 5, 5, 0, Map.of("shop-2", "2026-11-28T10:00:00Z"));

        assertThat(DisruptionBudgetState.of(Optional.of(evicting)).closedForEvictions()).isFalse();
    }

    @Test
    void noBudgetYetEvictsNothing() {
        assertThat(DisruptionBudgetState.of(Optional.empty())).isEqualTo(DisruptionBudgetState.CLOSED);
    }

    private static PodDisruptionBudget budget(int maxUnavailable, long generation, long observedGeneration, int disruptionsAllowed,
                                              Map<String, String> disruptedPods) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("shop").withGeneration(generation).endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(maxUnavailable)).endSpec()
                .withNewStatus().withObservedGeneration(observedGeneration).withDisruptionsAllowed(disruptionsAllowed)
                .withDisruptedPods(disruptedPods).withCurrentHealthy(3).withDesiredHealthy(3).withExpectedPods(3).endStatus()
                .build();
    }
}
