package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;

/** Node drains and other voluntary evictions take one member at a time. */
public final class DisruptionBudget {

    private DisruptionBudget() {
    }

    public static PodDisruptionBudget build(SessionCluster cluster) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(ChildMetadata.of(cluster, ClusterNames.of(cluster).disruptionBudget()))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(ClusterLabels.selector(cluster))
                .endSelector()
                .endSpec()
                .build();
    }
}
