package io.sessioncache.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a cluster with two member sets is given while a minor-version upgrade runs. The old set's StatefulSet and
 * member ConfigMap are left as they are (they describe the old version, which the spec no longer names); what both
 * sets share is built from the spec, with the version in every Service selector so that each set's members find only
 * their own and clients reach only the set they are sent to. Evictions wait until the upgrade is over.
 *
 * @param shared what both sets share: the client config and Service, access rules, the budget, and the old set's
 *               discovery Service while it is kept
 * @param newSet the new set's member ConfigMap, discovery Service and StatefulSet; empty while it is being removed
 */
public record UpgradeChildren(List<HasMetadata> shared, List<HasMetadata> newSet) {

    /**
     * @param oldSet        the old set and its version, while its discovery Service is kept
     * @param newSet        the new set, at the spec's version; empty while it is being removed
     * @param clientVersion the version of the set the client Service sends clients to
     */
    public static UpgradeChildren of(SessionCluster cluster, Optional<VersionedSet> oldSet, Optional<MemberSet> newSet,
                                     String clientVersion, OperatorPods operator) {
        List<HasMetadata> shared = new ArrayList<>();
        shared.add(ConfigMaps.client(cluster, ClientConfigYaml.render(cluster)));
        shared.addAll(DesiredChildren.rbac(cluster));
        if (cluster.getSpec().getNetworkPolicy().isEnabled()) {
            shared.add(MemberNetworkPolicy.build(cluster, operator));
        }
        oldSet.ifPresent(old -> shared.add(Services.members(cluster, old.set(), Optional.of(old.version()))));
        shared.add(Services.client(cluster, Optional.of(clientVersion)));
        shared.add(DisruptionBudget.build(cluster, false));
        List<HasMetadata> created = new ArrayList<>();
        newSet.ifPresent(set -> {
            String memberYaml = MemberConfigYaml.render(cluster, set);
            created.add(ConfigMaps.member(cluster, set, memberYaml));
            created.add(Services.members(cluster, set, Optional.of(cluster.getSpec().getVersion())));
            created.add(MemberStatefulSet.build(cluster, set, ConfigHash.of(memberYaml), cluster.getSpec().getReplicas()));
        });
        return new UpgradeChildren(List.copyOf(shared), List.copyOf(created));
    }

    /** In apply order: the new set's StatefulSet last, after the Services that keep the two sets apart. */
    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>(shared);
        all.addAll(newSet);
        return all;
    }

    /** A member set with the version its pods run. */
    public record VersionedSet(MemberSet set, String version) {
    }
}
