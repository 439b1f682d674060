package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one SessionCluster becomes, in apply order: config and access first, then the Services, the budget, and
 * last the StatefulSet whose pods need all of them.
 */
public record DesiredChildren(List<HasMetadata> supporting, StatefulSet statefulSet) {

    /** What a new cluster becomes: every member asked for, and evictions held until it is safe. */
    public static DesiredChildren of(SessionCluster cluster, RenderedConfig config) {
        return of(cluster, config, cluster.getSpec().getReplicas(), false, OperatorPods.outsideTheCluster());
    }

    /**
     * @param members          the StatefulSet's replicas for this step of a scale-down, else spec.replicas
     * @param evictionsAllowed whether the cluster is steady and safe, so a drain may take one member
     * @param operator         where the operator's pods run, let in by the members' NetworkPolicy
     */
    public static DesiredChildren of(SessionCluster cluster, RenderedConfig config, int members, boolean evictionsAllowed,
                                     OperatorPods operator) {
        List<HasMetadata> supporting = new ArrayList<>();
        supporting.add(ConfigMaps.member(cluster, config.memberYaml()));
        supporting.add(ConfigMaps.client(cluster, config.clientYaml()));
        supporting.addAll(rbac(cluster));
        if (cluster.getSpec().getNetworkPolicy().isEnabled()) {
            supporting.add(MemberNetworkPolicy.build(cluster, operator));
        }
        supporting.add(Services.members(cluster));
        supporting.add(Services.client(cluster));
        supporting.add(DisruptionBudget.build(cluster, evictionsAllowed));
        return new DesiredChildren(List.copyOf(supporting), MemberStatefulSet.build(cluster, config.memberConfigHash(), members));
    }

    /** RBAC exists only for Kubernetes API discovery; DNS discovery needs none. */
    public static List<HasMetadata> rbac(SessionCluster cluster) {
        if (!MemberConfigYaml.usesKubernetesApiDiscovery(cluster)) {
            return List.of();
        }
        List<HasMetadata> rbac = new ArrayList<>(List.of(
                DiscoveryRbac.serviceAccount(cluster),
                DiscoveryRbac.role(cluster),
                DiscoveryRbac.roleBinding(cluster)));
        if (cluster.getSpec().getHighAvailability().getMode() == HighAvailabilitySpec.Mode.Zone) {
            rbac.add(DiscoveryRbac.nodeReaderBinding(cluster));
        }
        return rbac;
    }

    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>(supporting);
        all.add(statefulSet);
        return all;
    }
}
