package io.sessioncache.operator.roll;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Optional;

/**
 * The members' disruption budget as the API server has it: whether it lets an eviction through, and whether it is
 * closed in a way evictions already respect (the disruption controller has seen the closing write and allows none).
 */
public record DisruptionBudgetState(boolean open, boolean closedForEvictions) {

    /** No budget yet, or no history (planner tests): nothing can be evicted through it. */
    public static final DisruptionBudgetState CLOSED = new DisruptionBudgetState(false, true);

    public static DisruptionBudgetState of(Optional<PodDisruptionBudget> budget) {
        if (budget.isEmpty()) {
            return CLOSED;
        }
        PodDisruptionBudget pdb = budget.get();
        var maxUnavailable = pdb.getSpec() == null ? null : pdb.getSpec().getMaxUnavailable();
        boolean open = maxUnavailable != null && maxUnavailable.getIntVal() != null && maxUnavailable.getIntVal() > 0;
        var status = pdb.getStatus();
        boolean observed = status != null && status.getObservedGeneration() != null
                && status.getObservedGeneration() >= pdb.getMetadata().getGeneration();
        boolean nothingDisrupted = status != null && Integer.valueOf(0).equals(status.getDisruptionsAllowed())
                && (status.getDisruptedPods() == null || status.getDisruptedPods().isEmpty());
        return new DisruptionBudgetState(open, !open && observed && nothingDisrupted);
    }
}
