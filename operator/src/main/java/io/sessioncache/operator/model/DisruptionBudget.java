package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;

/**
 * Node drains and other voluntary evictions take one member, and only from a safe cluster. A budget that counts Ready
 * pods lets the next eviction through as soon as a replacement is Ready, while partitions still migrate to it; so the
 * operator opens the budget ({@code maxUnavailable: 1}) only while the cluster is steady and safe, and closes it
 * ({@code maxUnavailable: 0}) otherwise. The eviction API refuses evictions until the disruption controller has seen
 * the budget's latest spec, so closing it before the operator removes a member shuts out a concurrent drain too.
 */
public final class DisruptionBudget {

    private DisruptionBudget() {
    }

    public static PodDisruptionBudget build(SessionCluster cluster, boolean evictionsAllowed) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).disruptionBudget()))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(evictionsAllowed ? 1 : 0))
                .withNewSelector()
                .withMatchLabels(ClusterLabels.selector(cluster))
                .endSelector()
                .endSpec()
                .build();
    }
}
